import { Badge, Collapsible } from '@openedx/paragon';
import { useQuery } from 'urql';
import { Configurations } from '../components/Configurations';
import { ApiError, Loading } from '../components/Feedback';
import { ConsoleCourseDocument } from '../generated';
import { useT } from '../i18n';
import { Link, segment } from '../router';

const percent = (value: number) => `${Math.round(value * 1000) / 10} %`;

/** One course: its structure (read-only: the platform or its connector sends it) and credentials. */
export function CourseDetail({ id }: { id: string }) {
  const t = useT();
  const [{ data, fetching, error }] = useQuery({ query: ConsoleCourseDocument, variables: { id } });
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const course = data?.course;
  if (!course) return <h1>{t('course.notFound', { id })}</h1>;
  const optional = course.blocks.filter((b) => b.optional).length;
  return (
    <>
      <p className="breadcrumb-line">
        <Link to="/">{t('nav.courses')}</Link> /
      </p>
      <h1>{course.title}</h1>
      <p className="text-muted">
        {course.id} · {t('course.language', { language: course.language })}
      </p>
      <Configurations
        configurations={course.credentialConfigurations}
        newPath={`/configurations/new?course=${segment(course.id)}`}
        dashboardPath={`/courses/${segment(course.id)}/dashboard`}
      />
      <section aria-labelledby="structure-heading">
        <h2 id="structure-heading">
          {t('course.structure')} <Badge variant="light">{t('course.readOnly')}</Badge>
        </h2>
        <p className="small text-muted">{t('course.readOnlyHelp')}</p>
        <h3>{t('course.gradingPolicy')}</h3>
        {course.gradingPolicy.length === 0 ? (
          <p>{t('course.noPolicy')}</p>
        ) : (
          <table className="table table-sm data-table">
            <thead>
              <tr>
                <th scope="col">{t('course.assignmentType')}</th>
                <th scope="col">{t('course.weight')}</th>
                <th scope="col">{t('course.items')}</th>
              </tr>
            </thead>
            <tbody>
              {course.gradingPolicy.map((p) => (
                <tr key={p.assignmentType}>
                  <td>{p.assignmentType}</td>
                  <td>{percent(p.weight)}</td>
                  <td>
                    {course.gradedItems.filter((i) => i.assignmentType === p.assignmentType).length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Collapsible
          title={t('course.gradedItems', { count: course.gradedItems.length })}
          styling="basic"
        >
          <table className="table table-sm data-table">
            <thead>
              <tr>
                <th scope="col">{t('course.item')}</th>
                <th scope="col">{t('course.assignmentType')}</th>
                <th scope="col">{t('course.points')}</th>
              </tr>
            </thead>
            <tbody>
              {course.gradedItems.map((item) => (
                <tr key={item.id}>
                  <td className="text-break">{item.id}</td>
                  <td>{item.assignmentType}</td>
                  <td>{item.possiblePoints}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Collapsible>
        <Collapsible
          title={t('course.blocks', { count: course.blocks.length, optional })}
          styling="basic"
        >
          <ul className="small">
            {course.blocks.map((block) => (
              <li key={block.id} className="text-break">
                {block.id}{' '}
                {block.optional ? <Badge variant="light">{t('course.optional')}</Badge> : null}
              </li>
            ))}
          </ul>
        </Collapsible>
        {course.learningPaths.length > 0 ? (
          <>
            <h3 className="mt-3">{t('course.inPaths')}</h3>
            <ul>
              {course.learningPaths.map((p) => (
                <li key={p.id}>
                  <Link to={`/paths/${segment(p.id)}`}>{p.title}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}
