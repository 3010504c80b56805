import { ParkError } from './bus-message';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store: no NUL, no lone surrogate (UTF-8 has no form for it). */
const storable = (text: string) => text.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');

/** Text from the bus made storable, trimmed, at most `max` long. */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return storable(value).trim().slice(0, max);
}

/** An id Laurel can store: printable, no spaces, at most 255 characters. */
export function requireId(value: unknown, what: string): string {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string' || !/^[^\s\u0000]{1,255}$/.test(id)) {
    throw new ParkError(`${what} is missing or not a usable id`);
  }
  return storable(id);
}

/** An LMS user id (a non-negative integer) as Laurel's learner id, "1001". */
export function learnerIdOf(value: unknown, what = 'user id'): string {
  const id = typeof value === 'string' && /^\d{1,18}$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new ParkError(`${what} is not an LMS user id`);
  }
  return String(id);
}

export function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time) : null;
}

export const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailOf(value: unknown): string | null {
  const email = cleanText(value, 254);
  return EMAIL.test(email) ? email : null;
}
