import { InputError } from './errors';

export interface PageRequest {
  first: number;
  afterId: string | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}

const PREFIX = 'v1:';

export function encodeCursor(id: string): string {
  return Buffer.from(PREFIX + id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(PREFIX) || decoded.length === PREFIX.length) {
    throw InputError.of('after', 'is not a cursor returned by this API');
  }
  return decoded.slice(PREFIX.length);
}

/** Validates Relay-style `first`/`after` against the configured maximum page size. */
export function pageRequest(
  first: number,
  after: string | null | undefined,
  maxPageSize: number,
): PageRequest {
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw InputError.of(
      'first',
      `must be an integer from 0 to ${maxPageSize} (the maximum page size)`,
    );
  }
  return { first, afterId: after ? decodeCursor(after) : null };
}

/** Turns `first + 1` rows fetched in key order into a page. */
export function toPage<T>(rows: T[], request: PageRequest, totalCount: number): Page<T> {
  return {
    items: rows.slice(0, request.first),
    hasNextPage: rows.length > request.first,
    totalCount,
  };
}
