import type { Change } from '../events';
import { Alert, Button, Form } from '@openedx/paragon';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ApiError, Loading } from '../components/Feedback';
import { LifecycleFields } from '../components/LifecycleFields';
import { LocaleOptions } from '../components/PreviewForm';
import { Problem, RequirementList } from '../components/RequirementEditor';
import { WhatIf } from '../components/WhatIf';
import {
  type ConfigurationDraft,
  configurationDraft,
  configurationInput,
  draftFields,
  newDraft,
  newRequirement,
} from '../draft';
import { problemsByField } from '../errors';
import {
  ConsoleConfigurationByIdDocument,
  ConsoleCourseDocument,
  ConsoleCreateConfigurationDocument,
  ConsoleLearningPathDocument,
  ConsoleUpdateConfigurationDocument,
  type CredentialKind,
} from '../generated';
import { useT } from '../i18n';
import { Link, segment, useRouter } from '../router';

/** Create (with a course or path) or edit (with an id) a credential configuration. */
export function RuleBuilder(props: {
  id?: string;
  courseId?: string | null;
  learningPathId?: string | null;
}) {
  const [{ data, fetching, error }] = useQuery({
    query: ConsoleConfigurationByIdDocument,
    variables: { id: props.id ?? '' },
    pause: !props.id,
  });
  if (!props.id) {
    return (
      <RuleForm courseId={props.courseId ?? null} learningPathId={props.learningPathId ?? null} />
    );
  }
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const stored = data?.credentialConfiguration;
  if (!stored) return <ApiError error={undefined} />;
  return (
    <RuleForm
      key={stored.id}
      id={stored.id}
      initial={configurationDraft(stored)}
      courseId={stored.course?.id ?? null}
      learningPathId={stored.learningPath?.id ?? null}
      managedBy={stored.managedBy ?? null}
    />
  );
}

function RuleForm({
  id,
  initial,
  courseId,
  learningPathId,
  managedBy,
}: {
  id?: string;
  initial?: ConfigurationDraft;
  courseId: string | null;
  learningPathId: string | null;
  managedBy?: string | null;
}) {
  const t = useT();
  const { navigate } = useRouter();
  const [draft, setDraft] = useState<ConfigurationDraft>(() => initial ?? newDraft());
  const [saved, setSaved] = useState(false);
  const [previewProblems, setPreviewProblems] = useState<Record<string, string>>({});
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
  const [created, create] = useMutation(ConsoleCreateConfigurationDocument);
  const [updated, update] = useMutation(ConsoleUpdateConfigurationDocument);
  const saveError = id ? updated.error : created.error;
  const problems = useMemo(
    () => ({ ...previewProblems, ...problemsByField(saveError) }),
    [previewProblems, saveError],
  );
  const onPreviewProblems = useCallback(
    (found: Record<string, string>) => setPreviewProblems(found),
    [],
  );
  useEffect(() => setSaved(false), [draft]);

  const steps = path.data?.learningPath?.steps ?? [];
  const typesOf = (policy: readonly { assignmentType: string }[]) =>
    policy.map((p) => p.assignmentType);
  const assignmentTypes = courseId
    ? typesOf(course.data?.course?.gradingPolicy ?? [])
    : [...new Set(steps.flatMap((s) => typesOf(s.gradingPolicy)))];
  const contextTitle =
    course.data?.course?.title ?? path.data?.learningPath?.title ?? courseId ?? learningPathId;
  const contextLink = courseId
    ? `/courses/${segment(courseId)}`
    : `/paths/${segment(learningPathId ?? '')}`;
  const input = configurationInput(draft, { courseId, learningPathId });
  const set = (patch: Partial<ConfigurationDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (id) {
      const result = await update({ id, input: draftFields(draft) });
      if (result.data) setSaved(true);
    } else {
      const result = await create({ input });
      const createdId = result.data?.createCredentialConfiguration.id;
      if (createdId) navigate(`/configurations/${segment(createdId)}?saved=1`);
    }
  };
  const justCreated = new URLSearchParams(location.search).has('saved');
  const problemList = Object.entries(problems);
  const field = (name: string) => problems[name];

  return (
    <>
      <p className="breadcrumb-line">
        <Link to="/">{t('nav.courses')}</Link> / <Link to={contextLink}>{contextTitle}</Link> /
      </p>
      <h1>{id ? t('rule.editTitle', { name: initial?.name ?? '' }) : t('rule.newTitle')}</h1>
      {managedBy ? (
        <Alert variant="warning">{t('rule.managed', { source: managedBy })}</Alert>
      ) : null}
      {(saved || (justCreated && id)) && !saveError ? (
        <Alert variant="success" data-testid="saved">
          {t('rule.saved')}{' '}
          <Link
            to={`/${courseId ? 'courses' : 'paths'}/${segment(courseId ?? learningPathId ?? '')}/dashboard`}
          >
            {t('configurations.dashboard')}
          </Link>
        </Alert>
      ) : null}
      <div className="rule-layout">
        <Form onSubmit={submit} noValidate className="rule-form">
          {problemList.length > 0 && saveError ? (
            <Alert variant="danger" data-testid="problems">
              <p className="mb-1">{t('rule.problems')}</p>
              <ul className="mb-0">
                {problemList.map(([name, message]) => (
                  <li key={name}>
                    <code>{name}</code>: {message}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : saveError ? (
            <ApiError error={saveError} />
          ) : null}
          <div className="form-grid">
            <Form.Group controlId="rule-name" isInvalid={!!field('name')}>
              <Form.Label>{t('rule.name')}</Form.Label>
              <Form.Control
                value={draft.name}
                onChange={(e: Change) => set({ name: e.target.value })}
              />
              <Problem text={field('name')} />
            </Form.Group>
            <Form.Group controlId="rule-tier" isInvalid={!!field('tier')}>
              <Form.Label>{t('rule.tier')}</Form.Label>
              <Form.Control
                type="number"
                min={0}
                step={1}
                value={draft.tier}
                onChange={(e: Change) => set({ tier: e.target.value })}
              />
              <Form.Text>{t('rule.tierHelp')}</Form.Text>
              <Problem text={field('tier')} />
            </Form.Group>
            <Form.Group controlId="rule-kind" isInvalid={!!field('kind')}>
              <Form.Label>{t('rule.credentialKind')}</Form.Label>
              <Form.Control
                as="select"
                value={draft.kind}
                onChange={(e: Change) => set({ kind: e.target.value as CredentialKind })}
              >
                <option value="CERTIFICATE">{t('rule.certificate')}</option>
                <option value="BADGE">{t('rule.badge')}</option>
              </Form.Control>
            </Form.Group>
            <Form.Group controlId="rule-locale" isInvalid={!!field('locale')}>
              <Form.Label>{t('rule.locale')}</Form.Label>
              <Form.Control
                as="select"
                value={draft.locale}
                onChange={(e: Change) => set({ locale: e.target.value })}
              >
                <LocaleOptions />
              </Form.Control>
              <Problem text={field('locale')} />
            </Form.Group>
          </div>
          <fieldset className="mb-3">
            <legend className="h5">{t('rule.issuing')}</legend>
            <Form.Checkbox
              id="rule-auto-issue"
              checked={draft.autoIssue}
              onChange={(e: Change) => set({ autoIssue: e.target.checked })}
            >
              {t('rule.autoIssue')}
            </Form.Checkbox>
            <Form.Checkbox
              id="rule-allow-claim"
              checked={draft.allowClaim}
              onChange={(e: Change) => set({ allowClaim: e.target.checked })}
            >
              {t('rule.allowClaim')}
            </Form.Checkbox>
            <Form.Checkbox
              id="rule-enabled"
              checked={draft.enabled}
              onChange={(e: Change) => set({ enabled: e.target.checked })}
            >
              {t('rule.enabled')}
            </Form.Checkbox>
          </fieldset>
          <LifecycleFields draft={draft} set={set} field={field} />
          <h2>{t('rule.requirements')}</h2>
          <p className="small text-muted">
            {learningPathId ? t('rule.pathHelp') : t('rule.courseHelp')}
          </p>
          <RequirementList
            path="requirements"
            items={draft.requirements}
            onChange={(requirements) => set({ requirements })}
            assignmentTypes={assignmentTypes}
            problems={problems}
            label={t('rule.requirements')}
          />
          {learningPathId ? (
            <section className="mt-4" aria-labelledby="overrides-heading">
              <h2 id="overrides-heading">{t('rule.overrides')}</h2>
              <p className="small text-muted">{t('rule.overridesHelp')}</p>
              {field('stepOverrides') ? (
                <p className="text-danger small">{field('stepOverrides')}</p>
              ) : null}
              {steps.map((step) => {
                const index = draft.stepOverrides.findIndex((o) => o.courseId === step.id);
                const override = index >= 0 ? draft.stepOverrides[index] : null;
                return (
                  <div key={step.id} className="step-override">
                    <h3 className="h5">{step.title}</h3>
                    {override ? (
                      <>
                        <RequirementList
                          path={`stepOverrides[${index}].requirements`}
                          items={override.requirements}
                          onChange={(requirements) =>
                            set({
                              stepOverrides: draft.stepOverrides.map((o, i) =>
                                i === index ? { ...o, requirements } : o,
                              ),
                            })
                          }
                          assignmentTypes={typesOf(step.gradingPolicy)}
                          problems={problems}
                          label={t('rule.overrideFor', { course: step.title })}
                        />
                        <Button
                          variant="link"
                          size="sm"
                          className="text-danger"
                          onClick={() =>
                            set({
                              stepOverrides: draft.stepOverrides.filter((_, i) => i !== index),
                            })
                          }
                        >
                          {t('rule.removeOverride')}
                        </Button>
                      </>
                    ) : (
                      <Button
                        variant="outline-primary"
                        size="sm"
                        onClick={() =>
                          set({
                            stepOverrides: [
                              ...draft.stepOverrides,
                              { courseId: step.id, requirements: [newRequirement('GRADE')] },
                            ],
                          })
                        }
                      >
                        {t('rule.addOverride')}
                        <span className="sr-only"> {step.title}</span>
                      </Button>
                    )}
                  </div>
                );
              })}
            </section>
          ) : null}
          <div className="button-row mt-4">
            <Button type="submit" disabled={created.fetching || updated.fetching}>
              {id ? t('rule.save') : t('rule.create')}
            </Button>
            <Button variant="tertiary" onClick={() => navigate(contextLink)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Form>
        <WhatIf input={input} onProblems={onPreviewProblems} />
      </div>
    </>
  );
}
