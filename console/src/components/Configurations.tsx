import { Badge, Button } from '@openedx/paragon';
import type { ConsoleConfigurationSummaryFragment } from '../generated';
import { useT } from '../i18n';
import { Link, segment, useRouter } from '../router';

/** A context's credential configurations, with the way to each screen about them. */
export function Configurations({
  configurations,
  newPath,
  dashboardPath,
}: {
  configurations: readonly ConsoleConfigurationSummaryFragment[];
  newPath: string;
  dashboardPath: string;
}) {
  const t = useT();
  const { navigate } = useRouter();
  const sorted = [...configurations].sort((a, b) => a.tier - b.tier);
  return (
    <section aria-labelledby="configurations-heading" className="mb-4">
      <div className="section-heading">
        <h2 id="configurations-heading">{t('configurations.title')}</h2>
        <div className="button-row">
          <Button onClick={() => navigate(newPath)}>{t('configurations.new')}</Button>
          <Button variant="outline-primary" onClick={() => navigate(dashboardPath)}>
            {t('configurations.dashboard')}
          </Button>
        </div>
      </div>
      {sorted.length === 0 ? <p>{t('configurations.none')}</p> : null}
      <ul className="plain-list" data-testid="configuration-list">
        {sorted.map((c) => (
          <li key={c.id} className="list-row">
            <Link to={`/configurations/${segment(c.id)}`}>{c.name}</Link>{' '}
            <Badge variant="light">{t('configurations.tier', { tier: c.tier })}</Badge>{' '}
            <Badge variant="light">{c.kind}</Badge>{' '}
            {c.enabled ? null : <Badge variant="warning">{t('configurations.disabled')}</Badge>}
            {c.autoIssue ? (
              <Badge variant="info">{t('configurations.autoIssue')}</Badge>
            ) : null}{' '}
            {c.managedBy ? (
              <Badge variant="secondary">
                {t('configurations.managedBy', { source: c.managedBy })}
              </Badge>
            ) : null}
            <span className="d-block small">
              <Link to={`/configurations/${segment(c.id)}/template`}>
                {t('configurations.template')}
              </Link>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
