import type { Change } from '../events';
import { Alert, Button, Card, Form } from '@openedx/paragon';
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ApiError } from './Feedback';
import {
  ConsoleCourseDocument,
  ConsoleRecordProgressDocument,
  ConsoleUpsertLearnerDocument,
} from '../generated';
import { useT } from '../i18n';

/** Open edX enrollment modes (`course_modes`), the ones rules name. */
const MODES = ['audit', 'honor', 'verified', 'professional', 'no-id-professional', 'masters'];

/**
 * What the platform would send, by hand (admins: corrections, trials of a rule): the
 * learner's name, their enrollment, blocks completed and scores earned in one course. Only
 * what is ticked or filled in is sent, so nothing recorded before is undone.
 */
export function ProgressRecorder({ learnerId, courseId }: { learnerId: string; courseId: string }) {
  const t = useT();
  const [{ data }] = useQuery({ query: ConsoleCourseDocument, variables: { id: courseId } });
  const [named, upsert] = useMutation(ConsoleUpsertLearnerDocument);
  const [recorded, record] = useMutation(ConsoleRecordProgressDocument);
  const [name, setName] = useState('');
  const [active, setActive] = useState(true);
  const [mode, setMode] = useState('');
  const [completed, setCompleted] = useState<Record<string, boolean>>({});
  const [scores, setScores] = useState<Record<string, string>>({});
  const course = data?.course;
  if (!course) return null;

  const saveName = (event: FormEvent) => {
    event.preventDefault();
    void upsert({ input: { id: learnerId, name: name.trim() } });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const occurredAt = new Date().toISOString();
    const fact = { learnerId, courseId, occurredAt };
    void record({
      input: {
        enrollments: [{ ...fact, active, ...(mode ? { mode } : {}) }],
        completions: course.blocks
          .filter((block) => completed[block.id])
          .map((block) => ({ ...fact, blockId: block.id, completion: 1 })),
        scores: course.gradedItems
          .filter((item) => (scores[item.id] ?? '').trim() !== '')
          .map((item) => ({ ...fact, itemId: item.id, earned: Number(scores[item.id]) })),
      },
    });
  };
  const result = recorded.data?.recordProgress;
  return (
    <Card className="mb-3" data-testid="progress-recorder">
      <Card.Section>
        <h3 className="h4">{t('recorder.title')}</h3>
        <p className="small text-muted">{t('recorder.help')}</p>
        <Form onSubmit={saveName} className="learner-search">
          <Form.Group controlId="recorder-name">
            <Form.Label>{t('recorder.name')}</Form.Label>
            <Form.Control value={name} onChange={(e: Change) => setName(e.target.value)} required />
          </Form.Group>
          <Button type="submit" variant="outline-primary" className="align-self-end mb-3">
            {t('recorder.saveName')}
          </Button>
        </Form>
        <ApiError error={named.error} />
        {named.data && !named.error ? (
          <Alert variant="success">{t('recorder.nameSaved')}</Alert>
        ) : null}
        <Form onSubmit={submit}>
          <Form.Checkbox checked={active} onChange={(e: Change) => setActive(e.target.checked)}>
            {t('recorder.enrolled')}
          </Form.Checkbox>
          <Form.Group controlId="recorder-mode">
            <Form.Label>{t('recorder.mode')}</Form.Label>
            <Form.Control
              as="select"
              value={mode}
              onChange={(e: Change) => setMode(e.target.value)}
            >
              <option value="">{t('recorder.modeKept')}</option>
              {MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Form.Control>
          </Form.Group>
          {course.blocks.length > 0 ? (
            <fieldset className="mb-3">
              <legend className="h5">{t('recorder.blocks')}</legend>
              {course.blocks.map((block) => (
                <Form.Checkbox
                  key={block.id}
                  checked={completed[block.id] ?? false}
                  onChange={(e: Change) =>
                    setCompleted({ ...completed, [block.id]: e.target.checked })
                  }
                >
                  {block.id}
                </Form.Checkbox>
              ))}
            </fieldset>
          ) : null}
          {course.gradedItems.length > 0 ? (
            <fieldset className="mb-3">
              <legend className="h5">{t('recorder.scores')}</legend>
              {course.gradedItems.map((item) => (
                <Form.Group key={item.id} controlId={`recorder-score-${item.id}`}>
                  <Form.Label>
                    {t('recorder.scoreOf', {
                      item: `${item.id} (${item.assignmentType})`,
                      points: item.possiblePoints,
                    })}
                  </Form.Label>
                  <Form.Control
                    type="number"
                    min={0}
                    max={item.possiblePoints}
                    step="any"
                    value={scores[item.id] ?? ''}
                    onChange={(e: Change) => setScores({ ...scores, [item.id]: e.target.value })}
                  />
                </Form.Group>
              ))}
            </fieldset>
          ) : null}
          <Button type="submit" disabled={recorded.fetching}>
            {t('recorder.submit')}
          </Button>
        </Form>
        <ApiError error={recorded.error} />
        {result && !recorded.error ? (
          <Alert variant="success" className="mt-3">
            {t('recorder.recorded', { accepted: result.accepted, stale: result.ignoredAsStale })}
          </Alert>
        ) : null}
      </Card.Section>
    </Card>
  );
}
