/**
 * The rules that refuse an explicit issue or a claim, each told to the caller in words
 * (an admin's `force` skips them all).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { configurationRules, evaluateTargets, type Evaluation } from '../eligibility';
import { DomainError, InputError } from '../../shared/errors';
import type { CredentialConfiguration } from './credential-configuration.entity';
import { Credential } from './credential.entity';
import { CredentialStatus, WITHDRAWN_STATUSES } from './credential.enums';
import { AUDIT_MODE } from './pending-credentials';

const MAX_REASON = 1000;

/** A re-issue's or revocation's reason, trimmed; refused when empty or too long. */
export function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw InputError.of('reason', 'must not be empty');
  if (trimmed.length > MAX_REASON) {
    throw InputError.of('reason', `must be at most ${MAX_REASON} characters`);
  }
  return trimmed;
}

/**
 * Every rule an unforced issue or a claim must pass: nothing withdrawn or expired, eligible,
 * not audit past the cut-off, past the availability date. `field` names the input blamed.
 */
export async function refuseUnlessIssuable(
  em: EntityManager,
  learnerId: string,
  configuration: CredentialConfiguration,
  field: string,
  now: Date,
): Promise<void> {
  await refuseWithdrawn(em, learnerId, configuration);
  await refuseIneligible(em, learnerId, configuration, field);
  await refuseAuditAfterCutoff(em, learnerId, configuration, field, now);
  refuseBeforeRelease(configuration, now);
}

/** Why an evaluation is not eligible, in one sentence. */
function ineligibilityReason(evaluation: Evaluation): string {
  if (!evaluation.enrolled) return 'the learner has no active enrollment';
  const unmet = [
    ...evaluation.requirements,
    ...(evaluation.steps ?? []).flatMap((step) =>
      step.requirements.map((r) => ({ ...r, reason: r.reason && `${step.courseId}: ${r.reason}` })),
    ),
  ].find((requirement) => !requirement.met);
  return unmet?.reason ?? 'the requirements are not met';
}

/** Before its availability date a configuration is issued only by force. */
function refuseBeforeRelease(configuration: CredentialConfiguration, now: Date): void {
  const at = configuration.availableFrom;
  if (!at || now.getTime() >= at.getTime()) return;
  throw new DomainError(
    'CONFLICT',
    `"${configuration.name}" is available from ${at.toISOString()}; eligible learners receive it then`,
  );
}

async function refuseWithdrawn(
  em: EntityManager,
  learnerId: string,
  configuration: CredentialConfiguration,
): Promise<void> {
  const withdrawn = await em.findOne(
    Credential,
    {
      learner: learnerId,
      configuration,
      status: { $in: [...WITHDRAWN_STATUSES, CredentialStatus.EXPIRED] },
    },
    { orderBy: { createdAt: 'desc' } },
  );
  if (withdrawn?.status === CredentialStatus.EXPIRED) {
    throw new DomainError(
      'CONFLICT',
      `The learner's "${configuration.name}" expired; it is issued again only by its renewal rule (an admin may force it)`,
    );
  }
  if (withdrawn) {
    throw new DomainError(
      'CONFLICT',
      `The learner's "${configuration.name}" was ${withdrawn.status.toLowerCase()}; it is not issued again automatically (an admin may force it)`,
    );
  }
}

async function refuseIneligible(
  em: EntityManager,
  learnerId: string,
  configuration: CredentialConfiguration,
  field: string,
): Promise<void> {
  const [result] = await evaluateTargets(em, [
    { learnerId, configuration: configurationRules(configuration) },
  ]);
  if (!result.evaluation.eligible) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `Learner "${learnerId}" is not eligible for "${configuration.name}": ${ineligibilityReason(result.evaluation)}`,
      { field },
    );
  }
}

/** The same rule as createPendingCredentials applies, told to the caller in words. */
async function refuseAuditAfterCutoff(
  em: EntityManager,
  learnerId: string,
  configuration: CredentialConfiguration,
  field: string,
  now: Date,
): Promise<void> {
  const cutoff = configuration.auditCutoffDate;
  if (!cutoff || !configuration.course || now.getTime() <= cutoff.getTime()) return;
  const [enrollment] = await em.execute<{ mode: string | null }[]>(
    'select mode from enrollment where learner_id = ? and course_id = ?',
    [learnerId, configuration.course.id],
  );
  if (enrollment?.mode?.trim().toLowerCase() !== AUDIT_MODE) return;
  throw new DomainError(
    'BAD_USER_INPUT',
    `"${configuration.name}" is no longer issued to learners in the audit mode (since ${cutoff.toISOString()})`,
    { field },
  );
}
