import type { Change } from '../events';
import { Button, Form } from '@openedx/paragon';
import { useState } from 'react';
import { useQuery } from 'urql';
import { ApiError, Loading } from '../components/Feedback';
import { ConsoleCoursesDocument, ConsoleLearningPathsDocument } from '../generated';
import { useT } from '../i18n';
import { Link, segment, useRouter } from '../router';

const PAGE = 100;

/** Courses and learning paths, searchable by key or title. */
export function Courses() {
  const t = useT();
  const { navigate } = useRouter();
  const [search, setSearch] = useState('');
  const [coursePages, setCoursePages] = useState<(string | null)[]>([null]);
  const [pathPages, setPathPages] = useState<(string | null)[]>([null]);
  const wanted = search.trim().toLowerCase();
  const matches = (node: { id: string; title: string }) =>
    !wanted || node.id.toLowerCase().includes(wanted) || node.title.toLowerCase().includes(wanted);
  return (
    <>
      <div className="section-heading">
        <h1>{t('courses.title')}</h1>
        <Button variant="outline-primary" onClick={() => navigate('/courses/new')}>
          {t('courses.newCourse')}
        </Button>
      </div>
      <Form.Group controlId="course-search" className="search-box">
        <Form.Label>{t('courses.search')}</Form.Label>
        <Form.Control
          type="search"
          value={search}
          placeholder={t('courses.searchPlaceholder')}
          onChange={(e: Change) => setSearch(e.target.value)}
        />
      </Form.Group>
      <div className="two-columns">
        <section aria-labelledby="courses-heading">
          <h2 id="courses-heading">{t('courses.courses')}</h2>
          <ul className="plain-list" data-testid="course-list">
            {coursePages.map((after, index) => (
              <CoursePage
                key={after ?? 'first'}
                after={after}
                matches={matches}
                onMore={
                  index === coursePages.length - 1
                    ? (next) => setCoursePages([...coursePages, next])
                    : undefined
                }
              />
            ))}
          </ul>
        </section>
        <section aria-labelledby="paths-heading">
          <h2 id="paths-heading">{t('courses.paths')}</h2>
          <ul className="plain-list">
            {pathPages.map((after, index) => (
              <PathPage
                key={after ?? 'first'}
                after={after}
                matches={matches}
                onMore={
                  index === pathPages.length - 1
                    ? (next) => setPathPages([...pathPages, next])
                    : undefined
                }
              />
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

interface PageProps {
  after: string | null;
  matches(node: { id: string; title: string }): boolean;
  onMore?: (after: string) => void;
}

function CoursePage({ after, matches, onMore }: PageProps) {
  const t = useT();
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleCoursesDocument,
    variables: { first: PAGE, after },
  });
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const page = data?.courses;
  if (!page) return null;
  const shown = page.edges.map((e) => e.node).filter(matches);
  return (
    <>
      {after === null && page.totalCount === 0 ? <li>{t('courses.none')}</li> : null}
      {shown.map((course) => (
        <li key={course.id} className="list-row">
          <Link to={`/courses/${segment(course.id)}`}>{course.title}</Link>
          <span className="text-muted small d-block">{course.id}</span>
        </li>
      ))}
      {onMore && page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <li>
          <Button variant="link" onClick={() => onMore(page.pageInfo.endCursor!)}>
            {t('common.more')}
          </Button>
        </li>
      ) : null}
    </>
  );
}

function PathPage({ after, matches, onMore }: PageProps) {
  const t = useT();
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleLearningPathsDocument,
    variables: { first: PAGE, after },
  });
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const page = data?.learningPaths;
  if (!page) return null;
  const shown = page.edges.map((e) => e.node).filter(matches);
  return (
    <>
      {after === null && page.totalCount === 0 ? <li>{t('courses.noPaths')}</li> : null}
      {shown.map((path) => (
        <li key={path.id} className="list-row">
          <Link to={`/paths/${segment(path.id)}`}>{path.title}</Link>
          <span className="text-muted small d-block">
            {path.id} · {t('courses.steps', { count: path.steps.length })}
          </span>
        </li>
      ))}
      {onMore && page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
        <li>
          <Button variant="link" onClick={() => onMore(page.pageInfo.endCursor!)}>
            {t('common.more')}
          </Button>
        </li>
      ) : null}
    </>
  );
}
