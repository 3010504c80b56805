/**
 * `validFor`: how long a credential stays valid after it is issued, as an ISO-8601 duration
 * (`P2Y`, `P18M`, `P1Y6M`, `P90D`, `PT12H`). Years and months are calendar units: a credential
 * issued on 31 January with `P1M` expires on the last day of February, as people expect.
 */
import type { FieldProblem } from '../../shared/errors';

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION =
  /^P(?!$)(?:(\d{1,4})Y)?(?:(\d{1,5})M)?(?:(\d{1,5})W)?(?:(\d{1,6})D)?(?:T(?!$)(?:(\d{1,7})H)?(?:(\d{1,9})M)?(?:(\d{1,10})S)?)?$/;

/** The longest validity accepted: past it, a credential is as good as permanent (omit it). */
const MAX_DAYS = 100 * 366;
const MAX_LENGTH = 64;

export function parseDuration(text: string): Duration | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** `date` plus `duration`, in UTC; a month end that does not exist clamps to the last day. */
export function addDuration(date: Date, duration: Duration): Date {
  const totalMonths = date.getUTCMonth() + duration.years * 12 + duration.months;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
  const days = duration.weeks * 7 + duration.days;
  const seconds = ((days * 24 + duration.hours) * 60 + duration.minutes) * 60 + duration.seconds;
  return new Date(shifted + seconds * 1000);
}

/** When a credential issued at `issuedAt` expires under `validFor`; null = never. */
export function expiryOf(issuedAt: Date, validFor: string | null): Date | null {
  const duration = validFor === null ? null : parseDuration(validFor);
  return duration === null ? null : addDuration(issuedAt, duration);
}

/** `date` minus `duration` (the start of a renewal window before an expiry). */
export function subtractDuration(date: Date, duration: Duration): Date {
  const negative = Object.fromEntries(
    Object.entries(duration).map(([unit, value]) => [unit, -value]),
  ) as unknown as Duration;
  return addDuration(date, negative);
}

/** Trims; an empty text means no expiry. */
export function normalizeValidFor(validFor: string | null | undefined): string | null {
  const text = validFor?.trim().toUpperCase() ?? '';
  return text === '' ? null : text;
}

export function validForProblems(validFor: string | null): FieldProblem[] {
  return durationProblems('validFor', validFor);
}

/** Problems of an ISO-8601 duration field (`validFor`, `renewalWindowStart`). */
export function durationProblems(field: string, validFor: string | null): FieldProblem[] {
  if (validFor === null) return [];
  const problem = (message: string) => [{ field, message }];
  if (validFor.length > MAX_LENGTH) return problem(`must be at most ${MAX_LENGTH} characters`);
  const duration = parseDuration(validFor);
  if (!duration) {
    return problem('must be an ISO-8601 duration such as P2Y, P18M, P90D or PT12H');
  }
  const from = new Date(Date.UTC(2000, 0, 1));
  const span = addDuration(from, duration).getTime() - from.getTime();
  if (span <= 0) return problem('must be longer than zero');
  if (span > MAX_DAYS * 86_400_000) return problem('must be at most 100 years');
  return [];
}
