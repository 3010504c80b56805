import type { Change } from '../events';
import { Alert, Badge, Button, Card, Form, ProgressBar } from '@openedx/paragon';
import { type FormEvent, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ApiError, Loading } from '../components/Feedback';
import { type FoundLearner, LearnerFinder } from '../components/LearnerFinder';
import { ProgressRecorder } from '../components/ProgressRecorder';
import { KIND_LABEL } from '../components/RequirementEditor';
import {
  type ConsoleCredentialFragment,
  ConsoleIssueOneDocument,
  ConsoleLearnerProgressDocument,
  type ConsoleProgressFragment,
  ConsoleProgressChangedDocument,
  ConsoleReissueDocument,
  ConsoleRevokeDocument,
  type ConsoleRequirementProgressFieldsFragment,
} from '../generated';
import { useFormatDate, useT } from '../i18n';
import { useRouter } from '../router';
import { useSession } from '../session';

const isPath = (context: string) => context.startsWith('path-');

/** Look a learner up in a course or path: live progress, credentials, and what staff may do. */
export function Learner({
  learnerId,
  contextId,
}: {
  learnerId: string | null;
  contextId: string | null;
}) {
  const t = useT();
  const { navigate } = useRouter();
  const { admin } = useSession();
  const [learner, setLearner] = useState(learnerId ?? '');
  const [context, setContext] = useState(contextId ?? '');
  const [chosen, setChosen] = useState<FoundLearner | null>(null);
  const open = (learnerKey: string, contextKey: string) => {
    const query = new URLSearchParams({ learner: learnerKey.trim(), context: contextKey.trim() });
    navigate(`/learners?${query.toString()}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open(learner, context);
  };
  const choose = (found: FoundLearner) => {
    setLearner(found.id);
    setChosen(found);
    const [only, ...others] = found.contexts;
    if (only && others.length === 0) {
      setContext(only.id);
      open(found.id, only.id);
    }
  };
  return (
    <>
      <h1>{t('learner.title')}</h1>
      <LearnerFinder onChoose={choose} />
      {chosen && chosen.id === learner && chosen.contexts.length > 1 ? (
        <Form.Group controlId="learner-contexts">
          <Form.Label>{t('learner.chooseContext', { name: chosen.name })}</Form.Label>
          <Form.Control
            as="select"
            value={context}
            onChange={(e: Change) => setContext(e.target.value)}
          >
            <option value="">{t('learner.pickContext')}</option>
            {chosen.contexts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.id})
              </option>
            ))}
          </Form.Control>
        </Form.Group>
      ) : null}
      <Form onSubmit={submit} className="learner-search">
        <Form.Group controlId="learner-id">
          <Form.Label>{t('learner.id')}</Form.Label>
          <Form.Control
            value={learner}
            onChange={(e: Change) => setLearner(e.target.value)}
            required
          />
        </Form.Group>
        <Form.Group controlId="learner-context">
          <Form.Label>{t('learner.context')}</Form.Label>
          <Form.Control
            value={context}
            placeholder="course-v1:Org+Num+Run"
            onChange={(e: Change) => setContext(e.target.value)}
            required
          />
        </Form.Group>
        <Button type="submit" className="align-self-end mb-3">
          {t('learner.search')}
        </Button>
      </Form>
      {learnerId && contextId ? (
        <LearnerDetail
          key={`${learnerId} ${contextId}`}
          learnerId={learnerId}
          contextId={contextId}
        />
      ) : null}
      {admin && learnerId && contextId && !isPath(contextId) ? (
        <ProgressRecorder
          key={`record ${learnerId} ${contextId}`}
          learnerId={learnerId}
          courseId={contextId}
        />
      ) : null}
    </>
  );
}

function LearnerDetail({ learnerId, contextId }: { learnerId: string; contextId: string }) {
  const t = useT();
  const where = isPath(contextId) ? { learningPathId: contextId } : { courseId: contextId };
  const [{ data, fetching, error }, refresh] = useQuery({
    query: ConsoleLearnerProgressDocument,
    variables: { learnerId, ...where },
  });
  const [live, setLive] = useState<Record<string, ConsoleProgressFragment>>({});
  useSubscription(
    { query: ConsoleProgressChangedDocument, variables: { learnerId, ...where } },
    (_prev, next) => {
      const progress = next.progressChanged;
      setLive((old) => ({ ...old, [progress.configuration.id]: progress }));
      return next;
    },
  );
  if (fetching && !data) return <Loading />;
  if (error) return <ApiError error={error} />;
  const progress = (data?.learnerProgress ?? []).map((p) => live[p.configuration.id] ?? p);
  const credentials = (data?.credentials.edges ?? []).map((e) => e.node);
  const onChange = () => refresh({ requestPolicy: 'network-only' });
  return (
    <div className="learner-detail">
      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t('learner.progress')}</h2>
        {progress.length === 0 ? <p>{t('learner.noConfigurations')}</p> : null}
        {progress.map((p) => (
          <ProgressCard key={p.configuration.id} progress={p} onChange={onChange} />
        ))}
      </section>
      <section aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">{t('learner.credentials')}</h2>
        {credentials.length === 0 ? <p>{t('learner.noCredentials')}</p> : null}
        <ul className="plain-list" data-testid="learner-credentials">
          {credentials.map((c) => (
            <CredentialRow key={c.id} credential={c} onChange={onChange} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function ProgressCard({
  progress,
  onChange,
}: {
  progress: ConsoleProgressFragment;
  onChange(): void;
}) {
  const t = useT();
  const { admin } = useSession();
  const [issued, issue] = useMutation(ConsoleIssueOneDocument);
  const percent = Math.round(progress.progress * 100);
  return (
    <Card className="mb-3" data-testid={`progress-${progress.configuration.name}`}>
      <Card.Section>
        <h3 className="h4">
          {progress.configuration.name}{' '}
          {progress.eligible ? <Badge variant="success">{t('learner.eligible')}</Badge> : null}
          {!progress.enrolled ? <Badge variant="warning">{t('learner.notEnrolled')}</Badge> : null}
        </h3>
        <ProgressBar
          now={percent}
          label={`${percent} %`}
          variant={progress.eligible ? 'success' : 'info'}
        />
        <span className="sr-only" data-testid="overall-progress">
          {percent}
        </span>
        <ul className="plain-list mt-2">
          {progress.requirements.map((r, i) => (
            <RequirementBar key={i} requirement={r} />
          ))}
        </ul>
        {progress.credential ? (
          <p className="small">
            {t('learner.current')}: <Badge variant="light">{progress.credential.status}</Badge>
          </p>
        ) : null}
        <ApiError error={issued.error} />
        {admin ? (
          <Button
            size="sm"
            variant="outline-primary"
            disabled={issued.fetching}
            onClick={async () => {
              await issue({
                configurationId: progress.configuration.id,
                learnerId: progress.learnerId,
                force: true,
              });
              onChange();
            }}
          >
            {t('learner.forceIssue')}
          </Button>
        ) : null}
      </Card.Section>
    </Card>
  );
}

interface RequirementNode extends ConsoleRequirementProgressFieldsFragment {
  children?: RequirementNode[] | null;
}

function RequirementBar({ requirement }: { requirement: RequirementNode }) {
  const t = useT();
  const fraction =
    requirement.required === 0 ? 1 : Math.min(1, requirement.current / requirement.required);
  const label = `${t(KIND_LABEL[requirement.kind])}${requirement.assignmentType ? ` (${requirement.assignmentType})` : ''}`;
  return (
    <li className="requirement-progress">
      <span>
        {label}: {Math.round(requirement.current * 1000) / 10} % /{' '}
        {Math.round(requirement.required * 1000) / 10} %{' '}
        {requirement.met ? <Badge variant="success">{t('learner.met')}</Badge> : null}
      </span>
      <ProgressBar
        now={Math.round(fraction * 100)}
        variant={requirement.met ? 'success' : 'info'}
      />
      {requirement.reason && !requirement.met ? (
        <span className="small text-muted">{requirement.reason}</span>
      ) : null}
      {requirement.children?.length ? (
        <ul className="plain-list nested-list">
          {requirement.children.map((child, i) => (
            <RequirementBar key={i} requirement={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function CredentialRow({
  credential,
  onChange,
}: {
  credential: ConsoleCredentialFragment;
  onChange(): void;
}) {
  const t = useT();
  const formatDate = useFormatDate();
  const [action, setAction] = useState<'revoke' | 'reissue' | null>(null);
  const [reason, setReason] = useState('');
  const [revoked, revoke] = useMutation(ConsoleRevokeDocument);
  const [reissued, reissue] = useMutation(ConsoleReissueDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result =
      action === 'revoke'
        ? await revoke({ id: credential.id, reason })
        : await reissue({ id: credential.id, reason });
    if (!result.error) {
      setAction(null);
      setReason('');
      onChange();
    }
  };
  const error = action === 'revoke' ? revoked.error : reissued.error;
  return (
    <li className="list-row" data-testid={`credential-${credential.status}`}>
      <div>
        <strong>{credential.configuration.name}</strong>{' '}
        <Badge variant="light">{credential.status}</Badge>
        <span className="d-block small text-muted">
          {credential.issuedAt
            ? formatDate(credential.issuedAt, { dateStyle: 'short', timeStyle: 'medium' })
            : ''}{' '}
          <a href={credential.verificationUrl} target="_blank" rel="noreferrer">
            {t('learner.verify')}
          </a>
          {credential.downloadUrl ? (
            <>
              {' · '}
              <a href={credential.downloadUrl}>{t('learner.download')}</a>
            </>
          ) : null}
        </span>
        {credential.reason ? (
          <span className="d-block small">
            {t('learner.reason', { reason: credential.reason })}
          </span>
        ) : null}
        {credential.error ? (
          <span className="d-block small text-danger">{credential.error}</span>
        ) : null}
      </div>
      {credential.status === 'AVAILABLE' && action === null ? (
        <div className="button-row">
          <Button size="sm" variant="outline-primary" onClick={() => setAction('reissue')}>
            {t('learner.reissue')}
          </Button>
          <Button size="sm" variant="outline-danger" onClick={() => setAction('revoke')}>
            {t('learner.revoke')}
          </Button>
        </div>
      ) : null}
      {action ? (
        <Form onSubmit={submit} className="reason-form">
          <Form.Group controlId={`reason-${credential.id}`}>
            <Form.Label>
              {t(action === 'revoke' ? 'learner.revokeReason' : 'learner.reissueReason')}
            </Form.Label>
            <Form.Control
              value={reason}
              onChange={(e: Change) => setReason(e.target.value)}
              required
              autoFocus
            />
          </Form.Group>
          {error ? <Alert variant="danger">{error.message}</Alert> : null}
          <div className="button-row">
            <Button type="submit" size="sm" variant={action === 'revoke' ? 'danger' : 'primary'}>
              {t(action === 'revoke' ? 'learner.confirmRevoke' : 'learner.confirmReissue')}
            </Button>
            <Button size="sm" variant="tertiary" onClick={() => setAction(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Form>
      ) : null}
    </li>
  );
}
