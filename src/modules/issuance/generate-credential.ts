import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import {
  CREDENTIAL_EVENTS,
  type CredentialEventOutbox,
  type CredentialEventPayload,
  type CredentialEventType,
  type EventBus,
} from '../../shared/events';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { Metrics } from '../../shared/metrics';
import { CredentialStatus, expiryOf, sqlStatuses } from '../credentials';
import type { Evaluation } from '../eligibility';
import { type CertificateFacts, certificateRenderInput, TemplateAssets } from './certificate-input';
import { type RenderIssuer, TemplateError, UnrenderableTextError } from './pdf';
import type { Renderer } from './render-pool';
import { canonicalCredentialData, type CredentialSigner } from './signing';
import { type ObjectStorage, StorageError } from './storage';

/**
 * One generation attempt of one credential: claim it, render the PDF, store it under its
 * deterministic key, sign the canonical data, mark it AVAILABLE. A failure leaves it
 * ERROR with the message; the caller (the job) decides whether to retry.
 */

export interface GeneratorDeps {
  /** A fresh EntityManager per attempt. */
  em: () => EntityManager;
  storage: ObjectStorage;
  renderer: Renderer;
  signer: CredentialSigner;
  events: EventBus;
  /** Records ISSUED and FAILED in the transaction that sets the status. */
  outbox?: CredentialEventOutbox;
  publicUrl: string;
  logger: Logger;
  /** A GENERATING credential older than this was abandoned by a crashed worker. */
  expireSeconds: number;
  metrics?: Metrics;
  /** The issuing organization of a course or path; absent: none is printed. */
  organizationOf?: OrganizationSource;
  /** Gives a credential its status list entry as it becomes AVAILABLE (Open Badges). */
  allocateStatus?: StatusAllocation;
  /** The issue date (and so the expiry) comes from it; absent: the database's time of the claim. */
  clock?: Clock;
}

/** Runs in the transaction that marks the credential AVAILABLE: both happen or neither. */
export type StatusAllocation = (em: EntityManager, credentialId: string) => Promise<unknown>;

/** The effective organization profile of a context (the issuers module provides it). */
export type OrganizationSource = (
  em: EntityManager,
  context: { courseId: string | null; learningPathId: string | null },
) => Promise<{ name: string | null; url: string | null; logoAssetId: string | null }>;

export type GenerateOutcome =
  | { status: 'available' }
  /** Nothing to do: already generated, withdrawn, gone, or being generated elsewhere. */
  | { status: 'skipped' }
  | { status: 'failed'; message: string; retryable: boolean };

const credentialKey = (credentialId: string): string => `credentials/${credentialId}.pdf`;

const MAX_ERROR_LENGTH = 1000;

const GENERATING = sqlStatuses(CredentialStatus.GENERATING);

/**
 * PENDING or ERROR → GENERATING, attempts + 1. A GENERATING row is taken over only once
 * it is older than the job expiry (its worker died). Row locking makes the claim exclusive.
 */
const CLAIM_SQL = `
update credential c
set status = ${GENERATING}, attempts = c.attempts + 1, updated_at = now()
from credential_configuration cc
where c.id = ? and cc.id = c.configuration_id
  and (c.status in (${sqlStatuses(CredentialStatus.PENDING, CredentialStatus.ERROR)})
       or (c.status = ${GENERATING} and c.updated_at < now() - ? * interval '1 second'))
returning c.id, c.verification_id, c.learner_id, c.configuration_id, c.learner_name,
  c.context_title, c.configuration_name, c.attempts, cc.course_id, cc.learning_path_id,
  cc.locale, cc.template, cc.title_override, cc.signatories, cc.valid_for, cc.tier, cc.kind,
  cc.certificate_messages, now() as claimed_at,
  (select le.evaluation from learner_eligibility le
    where le.learner_id = c.learner_id and le.configuration_id = c.configuration_id) as evaluation`;

/**
 * Only the attempt that holds the claim may finish it. The learner's evaluation is kept as it
 * stood at issue (what Open Badges report as results).
 */
const AVAILABLE_SQL = `
update credential
set status = ${sqlStatuses(CredentialStatus.AVAILABLE)}, issued_at = ?, expires_at = ?, storage_key = ?, sha256 = ?,
  signature = ?, signing_key_id = ?, last_error = null, updated_at = now(),
  issued_evaluation = (select le.evaluation from learner_eligibility le
    where le.learner_id = credential.learner_id and le.configuration_id = credential.configuration_id)
where id = ? and status = ${GENERATING} and attempts = ?
returning id`;

const ERROR_SQL = `
update credential set status = ${sqlStatuses(CredentialStatus.ERROR)}, last_error = ?, updated_at = now()
where id = ? and status = ${GENERATING} and attempts = ?
returning id`;

interface ClaimedRow {
  id: string;
  verification_id: string;
  learner_id: string;
  configuration_id: string;
  learner_name: string;
  context_title: string;
  configuration_name: string;
  attempts: number;
  course_id: string | null;
  learning_path_id: string | null;
  locale: string;
  template: unknown;
  title_override: string | null;
  /** Validated when the configuration was saved. */
  signatories: RenderIssuer['signatories'];
  valid_for: string | null;
  tier: number;
  kind: 'CERTIFICATE' | 'BADGE';
  /** Validated when the configuration was saved. */
  certificate_messages: Record<string, string> | null;
  /** The learner's evaluation as it stands (the description line tells what it achieved). */
  evaluation: Evaluation | null;
  claimed_at: Date;
}

/** What the certificate of a claimed credential prints. */
const factsOf = (row: ClaimedRow): CertificateFacts => ({
  learnerName: row.learner_name,
  contextTitle: row.context_title,
  configurationName: row.configuration_name,
  courseId: row.course_id,
  learningPathId: row.learning_path_id,
  locale: row.locale,
  template: row.template,
  titleOverride: row.title_override,
  signatories: row.signatories,
  tier: row.tier,
  kind: row.kind,
  certificateMessages: row.certificate_messages,
  evaluation: row.evaluation,
});

/** Errors that retrying cannot fix (a bad template, a name no font can show, refused storage credentials, …). */
function isPermanent(error: unknown): boolean {
  if (error instanceof TemplateError || error instanceof UnrenderableTextError) return true;
  if (error instanceof StorageError) return !error.retryable;
  return false;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

export class CredentialGenerator {
  private readonly assets: TemplateAssets;

  constructor(private readonly deps: GeneratorDeps) {
    this.assets = new TemplateAssets(deps.storage);
  }

  /** One attempt; `finalAttempt` says whether a failure will be retried automatically. */
  async generate(credentialId: string, finalAttempt: boolean): Promise<GenerateOutcome> {
    const outcome = await this.attempt(credentialId, finalAttempt);
    const label =
      outcome.status === 'failed' && (finalAttempt || !outcome.retryable)
        ? 'error'
        : outcome.status;
    this.deps.metrics?.issuance.inc({ outcome: label });
    return outcome;
  }

  private async attempt(credentialId: string, finalAttempt: boolean): Promise<GenerateOutcome> {
    const em = this.deps.em();
    const [claimed] = await em.execute<ClaimedRow[]>(CLAIM_SQL, [
      credentialId,
      this.deps.expireSeconds,
    ]);
    if (!claimed) return { status: 'skipped' };
    const started = Date.now();
    try {
      const issuedAt = this.deps.clock?.now() ?? new Date(claimed.claimed_at);
      const stopTimer = this.deps.metrics?.renderDuration.startTimer();
      const bytes = await this.render(em, claimed, issuedAt);
      stopTimer?.();
      if (Date.now() - started > this.deps.expireSeconds * 1000 * 0.8) {
        // Another worker may take the job over soon: leave the file to it.
        throw new Error('Generation took too long; the job will be retried');
      }
      const key = credentialKey(claimed.id);
      await this.deps.storage.put(key, bytes, 'application/pdf');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const signature = this.deps.signer.sign(
        canonicalCredentialData({
          verificationId: claimed.verification_id,
          learnerName: claimed.learner_name,
          credentialName: claimed.configuration_name,
          contextId: claimed.course_id ?? claimed.learning_path_id ?? '',
          contextTitle: claimed.context_title,
          issuedAt,
          sha256,
        }),
      );
      // Its own short transaction first, so allocations (which take turns) never wait on
      // the AVAILABLE commit; a place given to an attempt that then fails is kept for the
      // next attempt of the same credential.
      await this.deps.allocateStatus?.(em, claimed.id);
      const marked = await em.transactional(async (tx) => {
        const rows = await tx.execute<{ id: string }[]>(AVAILABLE_SQL, [
          issuedAt,
          expiryOf(issuedAt, claimed.valid_for),
          key,
          sha256,
          signature,
          this.deps.signer.keyId(),
          claimed.id,
          claimed.attempts,
        ]);
        if (rows.length === 0) return null;
        const event = eventOf('ISSUED', claimed);
        await this.deps.outbox?.(tx, event);
        return event;
      });
      if (!marked) return { status: 'skipped' };
      await this.publish(marked);
      return { status: 'available' };
    } catch (error) {
      const message = describe(error);
      const retryable = !isPermanent(error);
      this.deps.logger.warn(
        { err: error, credentialId, attempt: claimed.attempts, retryable },
        'credential generation failed',
      );
      const givenUp = finalAttempt || !retryable;
      const failed = await em.transactional(async (tx) => {
        const rows = await tx.execute(ERROR_SQL, [message, claimed.id, claimed.attempts]);
        if (rows.length === 0 || !givenUp) return null;
        const event = eventOf('FAILED', claimed);
        await this.deps.outbox?.(tx, event);
        return event;
      });
      if (failed) await this.publish(failed);
      return { status: 'failed', message, retryable };
    }
  }

  private async render(em: EntityManager, row: ClaimedRow, issuedAt: Date): Promise<Uint8Array> {
    const input = await certificateRenderInput(
      em,
      {
        publicUrl: this.deps.publicUrl,
        organizationOf: this.deps.organizationOf,
        loadAsset: this.assets.load,
      },
      factsOf(row),
      { issuedAt, verificationId: row.verification_id },
    );
    return this.deps.renderer.render({ ...input, expiresAt: expiryOf(issuedAt, row.valid_for) });
  }

  private async publish(payload: CredentialEventPayload): Promise<void> {
    try {
      await this.deps.events.publish(CREDENTIAL_EVENTS, payload);
    } catch (err) {
      this.deps.logger.error(
        { err, credentialId: payload.credentialId },
        'publishing a credential event failed',
      );
    }
  }
}

const eventOf = (type: CredentialEventType, row: ClaimedRow): CredentialEventPayload => ({
  type,
  credentialId: row.id,
  learnerId: row.learner_id,
  configurationId: row.configuration_id,
  courseId: row.course_id,
  learningPathId: row.learning_path_id,
  at: new Date().toISOString(),
});
