import type { Change } from '../events';
import { Button, Form } from '@openedx/paragon';
import { Fragment, type ReactNode, useState } from 'react';
import { type CombinedError, useQuery } from 'urql';
import { ApiError, Loading } from '../components/Feedback';
import { ConsoleCoursesDocument, ConsoleLearningPathsDocument } from '../generated';
import { type MessageId, useT } from '../i18n';
import { Link, segment, useRouter } from '../router';

const PAGE = 100;

interface Listed {
  id: string;
  title: string;
}

/** Courses and learning paths, searchable by key or title. */
export function Courses() {
  const t = useT();
  const { navigate } = useRouter();
  const [search, setSearch] = useState('');
  const wanted = search.trim().toLowerCase();
  const matches = (node: Listed) =>
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
        <PagedSection id="courses" heading={t('courses.courses')} testId="course-list">
          {(page) => <CoursePage {...page} matches={matches} />}
        </PagedSection>
        <PagedSection id="paths" heading={t('courses.paths')}>
          {(page) => <PathPage {...page} matches={matches} />}
        </PagedSection>
      </div>
    </>
  );
}

interface PageProps {
  after: string | null;
  matches(node: Listed): boolean;
  /** Set on the last page shown: asks for the page after it. */
  onMore?: (after: string) => void;
}

/** A list that grows a page at a time: each page is its own query, keyed by its cursor. */
function PagedSection({
  id,
  heading,
  testId,
  children,
}: {
  id: string;
  heading: string;
  testId?: string;
  children: (page: Omit<PageProps, 'matches'>) => ReactNode;
}) {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <ul className="plain-list" data-testid={testId}>
        {pages.map((after, index) => (
          <Fragment key={after ?? 'first'}>
            {children({
              after,
              onMore: index === pages.length - 1 ? (next) => setPages([...pages, next]) : undefined,
            })}
          </Fragment>
        ))}
      </ul>
    </section>
  );
}

interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: T }[];
}

/** One page of a connection as list rows: the matching nodes, then "more" where there is. */
function PageRows<T extends Listed>({
  result,
  page,
  after,
  matches,
  onMore,
  none,
  row,
}: PageProps & {
  result: { fetching: boolean; error?: CombinedError; hasData: boolean };
  page: Connection<T> | undefined;
  none: MessageId;
  row: (node: T) => ReactNode;
}) {
  const t = useT();
  if (result.fetching && !result.hasData) return <Loading />;
  if (result.error) return <ApiError error={result.error} />;
  if (!page) return null;
  const more = page.pageInfo.endCursor;
  return (
    <>
      {after === null && page.totalCount === 0 ? <li>{t(none)}</li> : null}
      {page.edges
        .map((edge) => edge.node)
        .filter(matches)
        .map((node) => (
          <li key={node.id} className="list-row">
            {row(node)}
          </li>
        ))}
      {onMore && page.pageInfo.hasNextPage && more ? (
        <li>
          <Button variant="link" onClick={() => onMore(more)}>
            {t('common.more')}
          </Button>
        </li>
      ) : null}
    </>
  );
}

function CoursePage(props: PageProps) {
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleCoursesDocument,
    variables: { first: PAGE, after: props.after },
  });
  return (
    <PageRows
      {...props}
      result={{ fetching, error, hasData: data !== undefined }}
      page={data?.courses}
      none="courses.none"
      row={(course) => (
        <>
          <Link to={`/courses/${segment(course.id)}`}>{course.title}</Link>
          <span className="text-muted small d-block">{course.id}</span>
        </>
      )}
    />
  );
}

function PathPage(props: PageProps) {
  const t = useT();
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleLearningPathsDocument,
    variables: { first: PAGE, after: props.after },
  });
  return (
    <PageRows
      {...props}
      result={{ fetching, error, hasData: data !== undefined }}
      page={data?.learningPaths}
      none="courses.noPaths"
      row={(path) => (
        <>
          <Link to={`/paths/${segment(path.id)}`}>{path.title}</Link>
          <span className="text-muted small d-block">
            {path.id} · {t('courses.steps', { count: path.steps.length })}
          </span>
        </>
      )}
    />
  );
}
