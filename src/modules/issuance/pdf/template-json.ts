import { TemplateError } from './errors';

/** Readers of a template's JSON fields: each names the field it refuses, and why. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw new TemplateError(field, 'must be an object');
  return value;
}

export function rejectUnknownKeys(
  object: JsonObject,
  allowed: readonly string[],
  field: string,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw new TemplateError(`${field}.${key}`, `unknown key (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function optionalNumber(
  object: JsonObject,
  key: string,
  field: string,
  check: { min: number; max: number; exclusiveMin?: boolean; integer?: boolean },
): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  const path = `${field}.${key}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TemplateError(path, 'must be a number');
  }
  if (check.integer && !Number.isInteger(value)) {
    throw new TemplateError(path, 'must be an integer');
  }
  if (check.exclusiveMin ? value <= check.min : value < check.min) {
    throw new TemplateError(
      path,
      `must be ${check.exclusiveMin ? 'greater than' : 'at least'} ${check.min}`,
    );
  }
  if (value > check.max) throw new TemplateError(path, `must be at most ${check.max}`);
  return value;
}

export function optionalBoolean(
  object: JsonObject,
  key: string,
  field: string,
): boolean | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new TemplateError(`${field}.${key}`, 'must be a boolean');
  return value;
}

export function optionalString(
  object: JsonObject,
  key: string,
  field: string,
  maxLength: number,
): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  const path = `${field}.${key}`;
  if (typeof value !== 'string') throw new TemplateError(path, 'must be a string');
  if (value.length > maxLength) {
    throw new TemplateError(path, `must be at most ${maxLength} characters`);
  }
  return value;
}

export function optionalOneOf<T extends string>(
  object: JsonObject,
  key: string,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new TemplateError(`${field}.${key}`, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
