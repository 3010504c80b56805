import { Alert, Button, Form } from '@openedx/paragon';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { ApiError } from '../components/Feedback';
import { Problem } from '../components/RequirementEditor';
import { problemsByField } from '../errors';
import type { Change } from '../events';
import { ConsoleUpsertCourseDocument, type CourseInput } from '../generated';
import { useT } from '../i18n';
import { Link, segment, useRouter } from '../router';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The course as typed: one assignment type, block or graded item per line. */
export function courseInput(fields: {
  id: string;
  title: string;
  language: string;
  policy: string;
  blocks: string;
  items: string;
}): CourseInput {
  return {
    id: fields.id.trim(),
    title: fields.title.trim(),
    language: fields.language.trim() || null,
    gradingPolicy: lines(fields.policy).map((line) => {
      const [type, weight = ''] = line.split(/:(?=[^:]*$)/);
      return { assignmentType: type.trim(), weight: Number(weight.replace('%', '')) / 100 };
    }),
    blocks: lines(fields.blocks).map((line) => {
      const [id, flag] = line.split(/\s+/);
      return { id, optional: flag === 'optional' };
    }),
    gradedItems: lines(fields.items).map((line) => {
      const [id = '', assignmentType = '', points = ''] = line.split(',').map((p) => p.trim());
      return { id, assignmentType, possiblePoints: Number(points) };
    }),
  };
}

/**
 * A course defined by hand (platforms and the Open edX connector send theirs through the
 * API): key, title, grading policy, content blocks and graded items.
 */
export function NewCourse() {
  const t = useT();
  const { navigate } = useRouter();
  const [fields, setFields] = useState({
    id: '',
    title: '',
    language: 'en',
    policy: 'Homework: 40\nFinal Exam: 60',
    blocks: '',
    items: '',
  });
  const [result, upsert] = useMutation(ConsoleUpsertCourseDocument);
  const problems = problemsByField(result.error);
  const about = (prefix: string) =>
    Object.entries(problems)
      .filter(([field]) => field === prefix || field.startsWith(`${prefix}[`))
      .map(([field, message]) => `${field}: ${message}`)
      .join('; ') || undefined;
  const set = (name: keyof typeof fields) => (e: Change) =>
    setFields((old) => ({ ...old, [name]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await upsert({ input: courseInput(fields) });
    const id = saved.data?.upsertCourse.id;
    if (id) navigate(`/courses/${segment(id)}`);
  };
  const area = (name: 'policy' | 'blocks' | 'items', field: string, rows: number) => (
    <Form.Group controlId={`course-${name}`} isInvalid={!!about(field)}>
      <Form.Label>{t(`newCourse.${name}`)}</Form.Label>
      <Form.Control
        as="textarea"
        rows={rows}
        spellCheck={false}
        value={fields[name]}
        onChange={set(name)}
      />
      <Form.Text>{t(`newCourse.${name}Help`)}</Form.Text>
      <Problem text={about(field)} />
    </Form.Group>
  );
  return (
    <>
      <p className="breadcrumb-line">
        <Link to="/">{t('nav.courses')}</Link> /
      </p>
      <h1>{t('newCourse.title')}</h1>
      <p className="small text-muted">{t('newCourse.intro')}</p>
      {result.error && Object.keys(problems).length === 0 ? (
        <ApiError error={result.error} />
      ) : null}
      {Object.keys(problems).length > 0 ? (
        <Alert variant="danger">{t('rule.problems')}</Alert>
      ) : null}
      <Form onSubmit={submit} noValidate>
        <div className="form-grid">
          <Form.Group controlId="course-id" isInvalid={!!about('id')}>
            <Form.Label>{t('newCourse.id')}</Form.Label>
            <Form.Control
              value={fields.id}
              placeholder="course-v1:Org+Num+Run"
              onChange={set('id')}
            />
            <Problem text={about('id')} />
          </Form.Group>
          <Form.Group controlId="course-title" isInvalid={!!about('title')}>
            <Form.Label>{t('newCourse.courseTitle')}</Form.Label>
            <Form.Control value={fields.title} onChange={set('title')} />
            <Problem text={about('title')} />
          </Form.Group>
          <Form.Group controlId="course-language" isInvalid={!!about('language')}>
            <Form.Label>{t('newCourse.language')}</Form.Label>
            <Form.Control value={fields.language} onChange={set('language')} />
            <Problem text={about('language')} />
          </Form.Group>
        </div>
        {area('policy', 'gradingPolicy', 3)}
        {area('blocks', 'blocks', 5)}
        {area('items', 'gradedItems', 4)}
        <Button type="submit" disabled={result.fetching}>
          {t('newCourse.create')}
        </Button>
      </Form>
    </>
  );
}
