import { unstorableReason } from '../../shared/storable-text';
import { LmsBodyError } from './lms-errors';

/**
 * A defensive reader of one JSON body: every value is checked before use, fields the
 * reader does not ask for are ignored, and a wrong shape throws an LmsBodyError naming
 * the endpoint and the path of the value (`results[3].user_id`).
 */
export class BodyReader {
  constructor(
    readonly endpoint: string,
    readonly value: unknown,
    readonly path: string = '',
  ) {}

  private fail(problem: string): never {
    throw new LmsBodyError(this.endpoint, this.path || 'the body', problem);
  }

  private at(key: string | number): string {
    if (typeof key === 'number') return `${this.path}[${key}]`;
    return this.path ? `${this.path}.${key}` : key;
  }

  /** The member `key` of an object (absent reads as undefined). */
  get(key: string): BodyReader {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) {
      this.fail('must be an object');
    }
    const value = Object.prototype.hasOwnProperty.call(this.value, key)
      ? (this.value as Record<string, unknown>)[key]
      : undefined;
    return new BodyReader(this.endpoint, value, this.at(key));
  }

  isMissing(): boolean {
    return this.value === undefined || this.value === null;
  }

  isObject(): boolean {
    return this.value !== null && typeof this.value === 'object' && !Array.isArray(this.value);
  }

  isArray(): boolean {
    return Array.isArray(this.value);
  }

  array(max = 100_000): BodyReader[] {
    if (!Array.isArray(this.value)) this.fail('must be a list');
    if (this.value.length > max) this.fail(`must have at most ${max} entries`);
    return this.value.map((item, i) => new BodyReader(this.endpoint, item, this.at(i)));
  }

  /** An array, or [] when absent or null (the Blocks API leaves out empty `children`). */
  optionalArray(max?: number): BodyReader[] {
    return this.isMissing() ? [] : this.array(max);
  }

  /** The entries of an object (a dict keyed by ids). */
  entries(max = 1_000_000): [string, BodyReader][] {
    if (!this.isObject()) this.fail('must be an object');
    const keys = Object.keys(this.value as object);
    if (keys.length > max) this.fail(`must have at most ${max} entries`);
    return keys.map((key) => [key, this.get(key)]);
  }

  string(max = 1000): string {
    if (typeof this.value !== 'string') this.fail('must be a string');
    if (this.value.length > max) this.fail(`must be at most ${max} characters`);
    const unstorable = unstorableReason(this.value);
    if (unstorable !== null) this.fail(unstorable);
    return this.value;
  }

  optionalString(max?: number): string | null {
    return this.isMissing() ? null : this.string(max);
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('must be true or false');
    return this.value;
  }

  optionalBoolean(fallback: boolean): boolean {
    return this.isMissing() ? fallback : this.boolean();
  }

  number(min: number, max: number): number {
    const value = this.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail('must be a number');
    if (value < min || value > max) this.fail(`must be from ${min} to ${max}, got ${value}`);
    return value;
  }

  optionalNumber(min: number, max: number): number | null {
    return this.isMissing() ? null : this.number(min, max);
  }

  /** A positive integer id (an LMS user id), as a decimal string. */
  id(): string {
    const value = this.value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      this.fail('must be a positive integer id');
    }
    return String(value);
  }

  /** An ISO-8601 date and time. */
  date(): Date {
    const text = this.string(64);
    const time = Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || !Number.isFinite(time)) {
      this.fail('must be an ISO-8601 date and time');
    }
    return new Date(time);
  }
}
