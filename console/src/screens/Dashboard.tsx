import { Alert, Badge, Button, Card } from '@openedx/paragon';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ApiError, Loading } from '../components/Feedback';
import { IssuanceChart } from '../components/IssuanceChart';
import {
  type ConsoleConfigurationSummaryFragment,
  type ConsoleCredentialEventsSubscription,
  type ConsoleCountersQuery,
  ConsoleConfigurationByIdDocument,
  ConsoleCountersDocument,
  ConsoleCourseDocument,
  ConsoleCredentialEventsDocument,
  ConsoleCredentialsDocument,
  ConsoleIssueAllDocument,
  ConsoleLearningPathDocument,
  ConsoleProgressChangedDocument,
  ConsolePreviewEligibilityDocument,
  ConsoleRetryDocument,
} from '../generated';
import { configurationInput, configurationDraft } from '../draft';
import { useFormatDate, useT } from '../i18n';
import { Link, segment } from '../router';

type FeedEvent = ConsoleCredentialEventsSubscription['credentialEvents'];

/** Live issuance of a course's or path's configurations: counters, failures, events, a chart. */
export function Dashboard({
  courseId,
  learningPathId,
}: {
  courseId?: string;
  learningPathId?: string;
}) {
  const t = useT();
  const formatDate = useFormatDate();
  const [course] = useQuery({
    query: ConsoleCourseDocument,
    variables: { id: courseId ?? '' },
    pause: !courseId,
  });
  const [path] = useQuery({
    query: ConsoleLearningPathDocument,
    variables: { id: learningPathId ?? '' },
    pause: !learningPathId,
  });
  // Every event and every progress change bumps this; the counters ask the API again.
  const [version, setVersion] = useState(0);
  const [feed, setFeed] = useState<FeedEvent[]>([]);
  const context = { courseId: courseId ?? null, learningPathId: learningPathId ?? null };
  const [events] = useSubscription(
    { query: ConsoleCredentialEventsDocument, variables: context },
    (_prev, data) => {
      setFeed((old) => [data.credentialEvents, ...old].slice(0, 30));
      setVersion((v) => v + 1);
      return data;
    },
  );
  useSubscription({ query: ConsoleProgressChangedDocument, variables: context }, (_prev, data) => {
    setVersion((v) => v + 1);
    return data;
  });
  const loading =
    (courseId && course.fetching && !course.data) ||
    (learningPathId && path.fetching && !path.data);
  if (loading) return <Loading />;
  const error = course.error ?? path.error;
  if (error) return <ApiError error={error} />;
  const shown = course.data?.course ?? path.data?.learningPath;
  if (!shown) return <h1>{t('course.notFound', { id: courseId ?? learningPathId ?? '' })}</h1>;
  const contextLink = courseId
    ? `/courses/${segment(courseId)}`
    : `/paths/${segment(learningPathId ?? '')}`;
  const configurations = [...shown.credentialConfigurations].sort((a, b) => a.tier - b.tier);
  return (
    <>
      <p className="breadcrumb-line">
        <Link to="/">{t('nav.courses')}</Link> / <Link to={contextLink}>{shown.title}</Link> /
      </p>
      <h1>{t('dashboard.title', { context: shown.title })}</h1>
      <p className="small text-muted" aria-live="polite">
        {events.error ? t('dashboard.disconnected') : t('dashboard.live')}
      </p>
      {configurations.length === 0 ? <p>{t('configurations.none')}</p> : null}
      <div className="dashboard-grid">
        <div>
          {configurations.map((c) => (
            <ConfigurationPanel
              key={c.id}
              configuration={c}
              version={version}
              onChange={() => setVersion((v) => v + 1)}
            />
          ))}
        </div>
        <section aria-labelledby="feed-heading" className="event-feed">
          <h2 id="feed-heading">{t('dashboard.feed')}</h2>
          {feed.length === 0 ? (
            <p className="small text-muted">{t('dashboard.feedEmpty')}</p>
          ) : null}
          <ol className="plain-list" aria-live="polite" data-testid="event-feed">
            {feed.map((event, index) => (
              <li key={`${event.credential.id}-${event.at}-${index}`} className="feed-row">
                <Badge variant={EVENT_VARIANT[event.type] ?? 'light'}>{event.type}</Badge>{' '}
                <span>{event.credential.learnerName}</span>{' '}
                <span className="small text-muted">
                  {event.credential.configuration.name} ·{' '}
                  {formatDate(event.at, { timeStyle: 'medium' })}
                </span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}

const EVENT_VARIANT: Record<string, string> = {
  ISSUED: 'success',
  FAILED: 'danger',
  REVOKED: 'warning',
  INVALIDATED: 'secondary',
  EXPIRED: 'secondary',
};

function ConfigurationPanel({
  configuration,
  version,
  onChange,
}: {
  configuration: ConsoleConfigurationSummaryFragment;
  version: number;
  onChange(): void;
}) {
  const t = useT();
  const variables = { configurationId: configuration.id };
  const [counters, refreshCounters] = useQuery({ query: ConsoleCountersDocument, variables });
  const [failed, refreshFailed] = useQuery({
    query: ConsoleCredentialsDocument,
    variables: { filter: { configurationId: configuration.id, status: ['ERROR'] }, first: 20 },
  });
  const [issued, refreshIssued] = useQuery({
    query: ConsoleCredentialsDocument,
    variables: {
      filter: {
        configurationId: configuration.id,
        status: ['AVAILABLE', 'INVALIDATED', 'REVOKED'],
      },
      first: 100,
    },
  });
  const [stored] = useQuery({
    query: ConsoleConfigurationByIdDocument,
    variables: { id: configuration.id },
  });
  const storedConfiguration = stored.data?.credentialConfiguration;
  const [eligible, refreshEligible] = useQuery({
    query: ConsolePreviewEligibilityDocument,
    variables: {
      input: storedConfiguration
        ? configurationInput(configurationDraft(storedConfiguration), {
            courseId: storedConfiguration.course?.id,
            learningPathId: storedConfiguration.learningPath?.id,
          })
        : ({} as never),
    },
    pause: !storedConfiguration,
  });
  useEffect(() => {
    if (version === 0) return;
    refreshCounters();
    refreshFailed();
    refreshIssued();
    refreshEligible();
  }, [version]);
  const [retried, retry] = useMutation(ConsoleRetryDocument);
  const [bulk, issueAll] = useMutation(ConsoleIssueAllDocument);
  const counts: ConsoleCountersQuery | undefined = counters.data;
  const number = (value: number | undefined) => (value === undefined ? '–' : value);
  const eligibleNow = eligible.data?.previewEligibility.qualifyingNow;
  return (
    <Card className="mb-4" data-testid={`panel-${configuration.name}`}>
      <Card.Section>
        <div className="section-heading">
          <h2 className="h3">
            <Link to={`/configurations/${segment(configuration.id)}`}>{configuration.name}</Link>{' '}
            <Badge variant="light">{t('configurations.tier', { tier: configuration.tier })}</Badge>
          </h2>
          <Button
            variant="outline-primary"
            size="sm"
            disabled={bulk.fetching}
            onClick={async () => {
              await issueAll(variables);
              onChange();
            }}
          >
            {t('dashboard.issueAll')}
          </Button>
        </div>
        {bulk.data ? (
          <Alert variant="info" className="small">
            {t('dashboard.bulkResult', {
              eligible: bulk.data.issueCredentials.eligible,
              issued: bulk.data.issueCredentials.issued,
              held: bulk.data.issueCredentials.alreadyHeld,
            })}
          </Alert>
        ) : null}
        <ApiError error={bulk.error ?? counters.error} />
        <dl
          className="counter-list"
          aria-label={t('dashboard.counters', { name: configuration.name })}
        >
          <Counter label={t('dashboard.eligible')} value={number(eligibleNow)} id="eligible" />
          <Counter
            label={t('dashboard.pending')}
            value={number(counts?.pending.totalCount)}
            id="pending"
          />
          <Counter
            label={t('dashboard.issued')}
            value={number(counts?.issued.totalCount)}
            id="issued"
          />
          <Counter
            label={t('dashboard.failed')}
            value={number(counts?.failed.totalCount)}
            id="failed"
          />
          <Counter
            label={t('dashboard.revoked')}
            value={number(counts?.revoked.totalCount)}
            id="revoked"
          />
        </dl>
        <IssuanceChart
          issuedAt={(issued.data?.credentials.edges ?? []).flatMap((e) =>
            e.node.issuedAt ? [e.node.issuedAt] : [],
          )}
        />
        {(failed.data?.credentials.edges.length ?? 0) > 0 ? (
          <>
            <h3 className="h5">{t('dashboard.failures')}</h3>
            <ApiError error={retried.error} />
            <ul className="plain-list" data-testid="failures">
              {failed.data?.credentials.edges.map(({ node }) => (
                <li key={node.id} className="list-row failure-row">
                  <div>
                    <strong>{node.learnerName}</strong>{' '}
                    <span className="small text-muted">{node.learnerId}</span>
                    <span className="d-block small text-danger">
                      {node.error ?? t('dashboard.noReason')}
                    </span>
                  </div>
                  <Button
                    size="sm"
                    variant="outline-primary"
                    disabled={retried.fetching}
                    onClick={async () => {
                      await retry({ id: node.id });
                      onChange();
                    }}
                  >
                    {t('dashboard.retry')}
                    <span className="sr-only"> {node.learnerName}</span>
                  </Button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card.Section>
    </Card>
  );
}

function Counter({ label, value, id }: { label: string; value: number | string; id: string }) {
  return (
    <div className={`counter counter-${id}`}>
      <dt>{label}</dt>
      <dd data-testid={`count-${id}`}>{value}</dd>
    </div>
  );
}
