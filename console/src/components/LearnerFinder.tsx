import { Form } from '@openedx/paragon';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { useDebounced } from '../debounce';
import type { Change } from '../events';
import { ConsoleSearchLearnersDocument, type ConsoleSearchLearnersQuery } from '../generated';
import { useT } from '../i18n';
import { ApiError } from './Feedback';

export type FoundLearner = ConsoleSearchLearnersQuery['learners']['edges'][number]['node'];

const MIN_LENGTH = 2;

/**
 * As-you-type learner search: matches appear as buttons under the box (Arrow Down moves to
 * them, Arrow Up/Down between them, Escape back to the box), and a polite status says how many.
 */
export function LearnerFinder({ onChoose }: { onChoose(learner: FoundLearner): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const settled = useDebounced(text.trim(), 250);
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleSearchLearnersDocument,
    variables: { search: settled },
    pause: settled.length < MIN_LENGTH,
  });
  const list = useRef<HTMLUListElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const active = settled.length >= MIN_LENGTH && text.trim().length >= MIN_LENGTH;
  const found = active ? (data?.learners.edges.map((edge) => edge.node) ?? []) : [];
  const total = data?.learners.totalCount ?? 0;

  const buttons = () => [...(list.current?.querySelectorAll('button') ?? [])];
  const move = (event: KeyboardEvent, step: number) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = at + step;
    if (event.key === 'Escape' || next < 0) input.current?.focus();
    else all[Math.min(next, all.length - 1)]?.focus();
    event.preventDefault();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') move(event, 1);
    else if (event.key === 'ArrowUp') move(event, -1);
    else if (event.key === 'Escape' && event.target !== input.current) move(event, 0);
  };

  return (
    <div className="learner-finder" onKeyDown={onKey}>
      <Form.Group controlId="learner-find">
        <Form.Label>{t('learner.find')}</Form.Label>
        <Form.Control
          ref={input}
          type="search"
          value={text}
          autoComplete="off"
          aria-describedby="learner-find-hint"
          aria-controls="learner-matches"
          onChange={(e: Change) => setText(e.target.value)}
        />
        <Form.Text id="learner-find-hint">{t('learner.findHint')}</Form.Text>
      </Form.Group>
      <p className="sr-only" role="status" aria-live="polite">
        {active && !fetching && data ? t('learner.matches', { count: total }) : ''}
      </p>
      <ApiError error={active ? error : undefined} />
      {active && data && total === 0 ? <p className="small">{t('learner.noMatch')}</p> : null}
      <ul
        id="learner-matches"
        ref={list}
        className="plain-list learner-matches"
        aria-label={t('learner.matchesLabel')}
        aria-busy={fetching}
      >
        {found.map((learner) => (
          <li key={learner.id}>
            <button type="button" className="learner-match" onClick={() => onChoose(learner)}>
              <strong>{learner.name}</strong>{' '}
              <span className="text-muted">
                {learner.username ? `@${learner.username} · ` : ''}
                {learner.id}
              </span>
              <span className="d-block small">
                {learner.contexts.length === 0
                  ? t('learner.noContexts')
                  : learner.contexts.map((context) => context.title).join(' · ')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {active && total > found.length ? (
        <p className="small text-muted">{t('learner.more', { count: total - found.length })}</p>
      ) : null}
    </div>
  );
}
