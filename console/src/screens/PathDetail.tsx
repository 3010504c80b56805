import { useQuery } from 'urql';
import { Configurations } from '../components/Configurations';
import { ApiError, Loading } from '../components/Feedback';
import { ConsoleLearningPathDocument } from '../generated';
import { useT } from '../i18n';
import { Link, segment } from '../router';

/** One learning path: its ordered steps and its credentials. */
export function PathDetail({ id }: { id: string }) {
  const t = useT();
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleLearningPathDocument,
    variables: { id },
  });
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const path = data?.learningPath;
  if (!path) return <h1>{t('path.notFound', { id })}</h1>;
  return (
    <>
      <p className="breadcrumb-line">
        <Link to="/">{t('nav.courses')}</Link> /
      </p>
      <h1>{path.title}</h1>
      <p className="text-muted">{path.id}</p>
      <Configurations
        configurations={path.credentialConfigurations}
        newPath={`/configurations/new?path=${segment(path.id)}`}
        dashboardPath={`/paths/${segment(path.id)}/dashboard`}
      />
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('path.steps')}</h2>
        <ol>
          {path.steps.map((step) => (
            <li key={step.id}>
              <Link to={`/courses/${segment(step.id)}`}>{step.title}</Link>{' '}
              <span className="text-muted small">{step.id}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
