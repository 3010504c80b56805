/**
 * Expiry and renewal rules of a configuration (docs/rules.md "Expiry and renewal"): what a
 * configuration may say, and when a renewal window opens.
 */
import type { FieldProblem } from '../../shared/errors';
import { RenewalMode } from './credential.enums';
import { durationProblems, normalizeValidFor, parseDuration, subtractDuration } from './validity';

export const normalizeRenewalWindowStart = normalizeValidFor;

export function renewalProblems(config: {
  validFor: string | null;
  renewal: RenewalMode;
  renewalWindowStart: string | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (config.renewal !== RenewalMode.NONE && config.validFor === null) {
    problems.push({
      field: 'renewal',
      message: 'only a configuration with validFor has credentials that expire and renew',
    });
  }
  if (config.renewalWindowStart !== null && config.renewal !== RenewalMode.REEARN) {
    problems.push({
      field: 'renewalWindowStart',
      message: 'only REEARN renewal has a renewal window',
    });
  }
  problems.push(...durationProblems('renewalWindowStart', config.renewalWindowStart));
  return problems;
}

/**
 * REEARN: progress recorded from this moment on counts towards renewing a credential that
 * expires at `expiresAt` (the window opens `renewalWindowStart` before it; at expiry without one).
 */
export function renewalWindowOpens(expiresAt: Date, renewalWindowStart: string | null): Date {
  const duration = renewalWindowStart === null ? null : parseDuration(renewalWindowStart);
  return duration === null ? expiresAt : subtractDuration(expiresAt, duration);
}
