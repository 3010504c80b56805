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
