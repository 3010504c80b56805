import type { FieldProblem } from './errors';

/** A UTF-16 surrogate without its other half: it has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL cannot store `text` (in `text` or `jsonb` columns), or null: NUL is refused
 * by its wire protocol and by jsonb, a lone surrogate is not valid UTF-8.
 */
export function unstorableReason(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return null;
}

/** `a.b[2].c` from the path segments. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/**
 * The first string (value or object key) in a JSON-like value that PostgreSQL cannot store,
 * named by its path; null when every string is storable.
 */
export function findUnstorable(
  value: unknown,
  path: readonly (string | number)[],
  depth = 0,
): FieldProblem | null {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    return reason === null ? null : { field: fieldPath(path), message: reason };
  }
  // Deeper values are refused by the input limits; stop rather than recurse without end.
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const keyReason = typeof key === 'string' ? unstorableReason(key) : null;
    if (keyReason !== null) return { field: fieldPath([...path, key]), message: keyReason };
    const found = findUnstorable(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}
