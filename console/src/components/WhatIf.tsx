import { Badge, ProgressBar } from '@openedx/paragon';
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { useDebounced } from '../debounce';
import { errorCode, problemsByField } from '../errors';
import { ConsolePreviewEligibilityDocument, type CredentialConfigurationInput } from '../generated';
import { useT } from '../i18n';

/**
 * Before saving: how many enrolled learners the rule as typed would qualify now, how many are
 * within 10 % of it, and a sample (the API runs the bulk evaluator read-only).
 */
export function WhatIf({
  input,
  onProblems,
}: {
  input: CredentialConfigurationInput;
  onProblems(problems: Record<string, string>): void;
}) {
  const t = useT();
  const settled = useDebounced(JSON.stringify(input), 400);
  const [{ data, fetching, error }] = useQuery({
    query: ConsolePreviewEligibilityDocument,
    variables: { input: JSON.parse(settled) as CredentialConfigurationInput },
  });
  const problems = JSON.stringify(problemsByField(error));
  useEffect(
    () => onProblems(JSON.parse(problems) as Record<string, string>),
    [problems, onProblems],
  );
  const preview = data?.previewEligibility;
  const code = errorCode(error);
  return (
    <aside className="what-if" aria-labelledby="what-if-heading" aria-busy={fetching}>
      <h2 id="what-if-heading">{t('whatIf.title')}</h2>
      {code === 'BAD_USER_INPUT' ? (
        <p className="small">{t('whatIf.fix')}</p>
      ) : code === 'GRAPHQL_VALIDATION_FAILED' ? (
        <p className="small">{t('whatIf.unavailable')}</p>
      ) : error ? (
        <p className="small text-danger">{error.message}</p>
      ) : null}
      {preview ? (
        <>
          <dl className="counter-list" aria-live="polite">
            <div>
              <dt>{t('whatIf.qualifying')}</dt>
              <dd data-testid="what-if-qualifying">{preview.qualifyingNow}</dd>
            </div>
            <div>
              <dt>{t('whatIf.within')}</dt>
              <dd data-testid="what-if-within">{preview.withinTenPercent}</dd>
            </div>
            <div>
              <dt>{t('whatIf.enrolled')}</dt>
              <dd data-testid="what-if-enrolled">{preview.enrolledLearners}</dd>
            </div>
          </dl>
          {preview.sample.length > 0 ? (
            <>
              <h3 className="h5">{t('whatIf.sample')}</h3>
              <ul className="plain-list small">
                {preview.sample.map((learner) => (
                  <li key={learner.learnerId} className="sample-row">
                    <span className="text-break">{learner.learnerId}</span>{' '}
                    {learner.qualifies ? (
                      <Badge variant="success">{t('whatIf.qualifies')}</Badge>
                    ) : null}
                    <ProgressBar
                      now={Math.round(learner.progress * 100)}
                      label={`${Math.round(learner.progress * 100)} %`}
                      variant={learner.qualifies ? 'success' : 'info'}
                    />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : fetching ? (
        <p className="small">{t('common.loading')}</p>
      ) : null}
    </aside>
  );
}
