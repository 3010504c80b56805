import type { FieldProblem } from './errors';

/** Small field checks shared by the modules' input validation. */
export function checkText(
  problems: FieldProblem[],
  field: string,
  value: string | null | undefined,
  max = 500,
): void {
  if (value === null || value === undefined || value.trim() === '') {
    problems.push({ field, message: 'must not be empty' });
  } else if (value.length > max) {
    problems.push({ field, message: `must be at most ${max} characters` });
  }
}

export function checkPattern(
  problems: FieldProblem[],
  field: string,
  value: string,
  pattern: RegExp,
  expected: string,
): void {
  if (!pattern.test(value)) problems.push({ field, message: `must be ${expected}` });
}

/** Reports every value that appears more than once. */
export function checkUnique(
  problems: FieldProblem[],
  field: (index: number) => string,
  values: readonly string[],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) problems.push({ field: field(index), message: `duplicate "${value}"` });
    seen.add(value);
  });
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export function checkLanguage(problems: FieldProblem[], field: string, value: string): void {
  if (!LANGUAGE_TAG.test(value) || Intl.getCanonicalLocales(value).length !== 1) {
    problems.push({ field, message: 'must be a BCP 47 language tag such as "en" or "pt-BR"' });
  }
}

/** A text that may be absent (null) but, when given, is not blank and fits `max`. */
export function checkOptionalText(
  problems: FieldProblem[],
  field: string,
  value: string | null | undefined,
  max: number,
): void {
  if (value !== null && value !== undefined) checkText(problems, field, value, max);
}

const MAX_URL = 2000;

/** An absolute http(s) URL; any other scheme (javascript:, data:, file:) is refused. */
export function checkHttpUrl(problems: FieldProblem[], field: string, value: string): void {
  let url: URL | null = null;
  try {
    url = value.length <= MAX_URL ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    problems.push({
      field,
      message: `must be an absolute http or https URL of at most ${MAX_URL} characters`,
    });
  }
}

/** The usual shape: one "@", a local part, a dotted domain, no spaces or angle brackets. */
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function checkEmail(problems: FieldProblem[], field: string, value: string): void {
  if (value.length > 254 || !EMAIL.test(value)) {
    problems.push({ field, message: 'must be an e-mail address such as "registrar@example.edu"' });
  }
}
