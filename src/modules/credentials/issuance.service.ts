import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { configurationRules, evaluateConfiguration } from '../eligibility';
import type { JobQueue } from '../issuance';
import { Learner } from '../progress';
import { DomainError, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/keys';
import { type Clock, systemClock } from '../../shared/clock';
import {
  CREDENTIAL_EVENTS,
  type CredentialEventOutbox,
  type CredentialEventPayload,
  type CredentialEventType,
  type EventBus,
} from '../../shared/events';
import { CredentialConfiguration } from './credential-configuration.entity';
import { Credential } from './credential.entity';
import { CredentialStatus, LIVE_STATUSES, WITHDRAWN_STATUSES } from './credential.enums';
import { checkReason, refuseUnlessIssuable } from './issuance-refusals';
import { createPendingCredentials, type CreatePendingOptions } from './pending-credentials';

/** Publishes withdrawals where verifiers look (the Open Badges status lists). */
export interface StatusWithdrawal {
  /** Marks the credential withdrawn, in `em`'s transaction; a failure must abort it. */
  withdraw(em: EntityManager, credentialId: string): Promise<void>;
}

export interface IssuanceDeps {
  jobs: JobQueue;
  events: EventBus;
  /** Records INVALIDATED and REVOKED in the transaction that withdraws the credential. */
  outbox?: CredentialEventOutbox;
  /** The time of the lifecycle rules (availability date, audit cut-off); default: the system's. */
  clock?: Clock;
  /** Absent: withdrawals are recorded here only. */
  statusLists?: StatusWithdrawal;
}

export interface BulkIssueCounts {
  eligible: number;
  issued: number;
  alreadyHeld: number;
  withdrawn: number;
}

/**
 * Credential lifecycle (DESIGN §2, §4): explicit issue, bulk issue, claim, re-issue,
 * revoke and retry. Callers authorize; this enforces the rules.
 */
export class IssuanceService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: IssuanceDeps,
  ) {}

  /**
   * Issues one learner's credential (or returns the live one). Refuses an ineligible
   * learner, and one whose credential was invalidated or revoked, unless `force`.
   */
  async issue(
    configurationId: string,
    learnerId: string,
    options: { force: boolean },
  ): Promise<Credential> {
    const configuration = await this.enabledConfiguration(configurationId);
    await this.learner(learnerId);
    const live = await this.live(learnerId, configurationId);
    if (live) return live;
    if (!options.force) {
      await refuseUnlessIssuable(this.em, learnerId, configuration, 'learnerId', this.now());
    }
    return this.create(learnerId, configurationId, {
      sticky: !options.force,
      autoIssueOnly: false,
      now: this.now(),
    });
  }

  /** The learner claims their own credential: only where claims are allowed, when eligible. */
  async claim(configurationId: string, learnerId: string): Promise<Credential> {
    const configuration = await this.enabledConfiguration(configurationId);
    if (!configuration.allowClaim) {
      throw new DomainError('FORBIDDEN', `"${configuration.name}" cannot be claimed by learners`);
    }
    await this.learner(learnerId);
    const live = await this.live(learnerId, configurationId);
    if (live) return live;
    await refuseUnlessIssuable(this.em, learnerId, configuration, 'configurationId', this.now());
    return this.create(learnerId, configurationId, {
      sticky: true,
      autoIssueOnly: false,
      now: this.now(),
    });
  }

  /**
   * Issues to every eligible learner of the configuration: set-based evaluation, one
   * insert. Learners whose credential was invalidated or revoked are counted, not issued.
   */
  async issueAll(configurationId: string): Promise<BulkIssueCounts> {
    const configuration = await this.enabledConfiguration(configurationId);
    const evaluations = await evaluateConfiguration(this.em, configurationRules(configuration));
    const eligible = evaluations.filter((e) => e.evaluation.eligible).map((e) => e.learnerId);
    const counts = await this.em.transactional(async (em) => {
      const held = await em.execute<{ learner_id: string; status: CredentialStatus }[]>(
        `select learner_id, status from credential
         where configuration_id = ? and learner_id in (select value from json_array_elements_text(?::json))`,
        [configurationId, JSON.stringify(eligible)],
      );
      const live = new Set(
        held.filter((row) => LIVE_STATUSES.includes(row.status)).map((row) => row.learner_id),
      );
      const withdrawn = new Set(
        held
          .filter((row) => WITHDRAWN_STATUSES.includes(row.status) && !live.has(row.learner_id))
          .map((row) => row.learner_id),
      );
      const created = await createPendingCredentials(
        em,
        this.deps.jobs,
        eligible.map((learnerId) => ({ learnerId, configurationId })),
        { sticky: true, autoIssueOnly: false, now: this.now() },
      );
      return {
        eligible: eligible.length,
        issued: created.length,
        alreadyHeld: live.size,
        withdrawn: withdrawn.size,
      };
    });
    if (counts.issued > 0) this.deps.jobs.wakeUp();
    return counts;
  }

  /**
   * In one transaction: the AVAILABLE credential becomes INVALIDATED with the reason and a
   * new one (new ids, the learner's current name) goes PENDING, superseding it.
   */
  async reissue(id: string, reason: string): Promise<Credential> {
    const why = checkReason(reason);
    const { event, newId } = await this.em.transactional(async (em) => {
      const credential = await this.locked(em, id);
      if (credential.status !== CredentialStatus.AVAILABLE) {
        throw new DomainError(
          'CONFLICT',
          `Only an AVAILABLE credential can be re-issued; this one is ${credential.status}`,
        );
      }
      credential.status = CredentialStatus.INVALIDATED;
      credential.reason = why;
      credential.invalidatedAt = new Date();
      await em.flush();
      await this.deps.statusLists?.withdraw(em, credential.id);
      const [created] = await createPendingCredentials(
        em,
        this.deps.jobs,
        [{ learnerId: credential.learner.id, configurationId: credential.configuration.id }],
        { sticky: false, autoIssueOnly: false },
      );
      if (!created) {
        throw new DomainError(
          'CONFLICT',
          'The credential could not be re-issued (is its configuration disabled?)',
        );
      }
      credential.supersededBy = em.getReference(Credential, created.id);
      await em.flush();
      // A name correction keeps the learner's choice of visibility.
      if (credential.isPublic)
        await em.nativeUpdate(Credential, { id: created.id }, { isPublic: true });
      return { event: await this.record(em, 'INVALIDATED', credential), newId: created.id };
    });
    this.deps.jobs.wakeUp();
    await this.publish(event);
    return this.em.findOneOrFail(Credential, { id: newId });
  }

  /**
   * The learner's choice to make a credential public (anyone with its link sees it) or
   * private again. Only an AVAILABLE credential can be made public.
   */
  async setVisibility(id: string, isPublic: boolean): Promise<Credential> {
    return this.em.transactional(async (em) => {
      const credential = await this.locked(em, id);
      if (isPublic && credential.status !== CredentialStatus.AVAILABLE) {
        throw new DomainError(
          'CONFLICT',
          `Only an AVAILABLE credential can be made public; this one is ${credential.status}`,
        );
      }
      credential.isPublic = isPublic;
      await em.flush();
      return credential;
    });
  }

  /** Withdraws a credential: REVOKED with the reason; its file stays private. */
  async revoke(id: string, reason: string): Promise<Credential> {
    const why = checkReason(reason);
    const event = await this.em.transactional(async (em) => {
      const found = await this.locked(em, id);
      if (found.status === CredentialStatus.REVOKED) {
        throw new DomainError('CONFLICT', 'This credential is already revoked');
      }
      // Only a credential that was once AVAILABLE was ever handed out to be verified.
      const handedOut = found.issuedAt !== null;
      found.status = CredentialStatus.REVOKED;
      found.reason = why;
      found.revokedAt = new Date();
      await em.flush();
      if (handedOut) await this.deps.statusLists?.withdraw(em, found.id);
      return this.record(em, 'REVOKED', found);
    });
    await this.publish(event);
    return this.em.findOneOrFail(Credential, { id });
  }

  /** Queues a failed (or stuck pending) credential again: the same row, the same job id. */
  async retry(id: string): Promise<Credential> {
    await this.em.transactional(async (em) => {
      const credential = await this.locked(em, id);
      if (
        credential.status !== CredentialStatus.ERROR &&
        credential.status !== CredentialStatus.PENDING
      ) {
        throw new DomainError(
          'CONFLICT',
          `Only an ERROR or PENDING credential can be retried; this one is ${credential.status}`,
        );
      }
      // Never issued yet: the retry prints the learner's current name (a name a font could
      // not show may have been corrected since).
      const learner = await em.findOne(Learner, { id: credential.learner.id });
      if (learner) credential.learnerName = learner.name;
      credential.status = CredentialStatus.PENDING;
      await em.flush();
      await this.deps.jobs.requeueGeneration(em, [id]);
    });
    this.deps.jobs.wakeUp();
    return this.em.findOneOrFail(Credential, { id }, { refresh: true });
  }

  private async create(
    learnerId: string,
    configurationId: string,
    options: CreatePendingOptions,
  ): Promise<Credential> {
    const created = await this.em.transactional((em) =>
      createPendingCredentials(em, this.deps.jobs, [{ learnerId, configurationId }], options),
    );
    if (created.length > 0) this.deps.jobs.wakeUp();
    // Ours, or the one a concurrent trigger created first.
    const live = await this.live(learnerId, configurationId);
    if (!live) throw new DomainError('CONFLICT', 'The credential could not be issued; try again');
    return live;
  }

  private now(): Date {
    return (this.deps.clock ?? systemClock).now();
  }

  private async enabledConfiguration(id: string): Promise<CredentialConfiguration> {
    const configuration = isUuid(id)
      ? await this.em.findOne(CredentialConfiguration, { id })
      : null;
    if (!configuration) throw notFound('Credential configuration', id);
    if (!configuration.enabled) {
      throw new DomainError(
        'CONFLICT',
        `Credential configuration "${configuration.name}" is disabled`,
      );
    }
    return configuration;
  }

  private async learner(id: string): Promise<Learner> {
    const learner = await this.em.findOne(Learner, { id });
    if (!learner) throw notFound('Learner', id);
    return learner;
  }

  private live(learnerId: string, configurationId: string): Promise<Credential | null> {
    return this.em.findOne(
      Credential,
      {
        learner: learnerId,
        configuration: configurationId,
        status: { $in: [...LIVE_STATUSES] },
      },
      { refresh: true },
    );
  }

  private async locked(em: EntityManager, id: string): Promise<Credential> {
    if (!isUuid(id)) throw notFound('Credential', id);
    const credential = await em.findOne(
      Credential,
      { id },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!credential) throw notFound('Credential', id);
    return credential;
  }

  /** The event of a change to `credential`, recorded in the change's transaction. */
  private async record(
    em: EntityManager,
    type: CredentialEventType,
    credential: Credential,
  ): Promise<CredentialEventPayload> {
    const configuration = await em.findOneOrFail(CredentialConfiguration, {
      id: credential.configuration.id,
    });
    const event: CredentialEventPayload = {
      type,
      credentialId: credential.id,
      learnerId: credential.learner.id,
      configurationId: configuration.id,
      courseId: configuration.course?.id ?? null,
      learningPathId: configuration.learningPath?.id ?? null,
      at: new Date().toISOString(),
    };
    await this.deps.outbox?.(em, event);
    return event;
  }

  /** After the commit: to live subscribers. */
  private async publish(event: CredentialEventPayload): Promise<void> {
    await this.deps.events.publish(CREDENTIAL_EVENTS, event);
  }
}
