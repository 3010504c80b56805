import { DomainError, InputError } from '../../src/shared/errors';
import { errorResponse } from '../../src/shared/error-response';
import { RateLimitedError } from '../../src/shared/rate-limit';
import { findUnstorable } from '../../src/shared/storable-text';

/** The one error → answer mapping, and the storable-text check, without a server. */
it.each([
  ['bad input', InputError.of('name', 'is too long'), 400, 'BAD_USER_INPUT', 'info'],
  ['no token', new DomainError('UNAUTHENTICATED', 'no'), 401, 'UNAUTHENTICATED', 'info'],
  ['forbidden', new DomainError('FORBIDDEN', 'no'), 403, 'FORBIDDEN', 'info'],
  ['not found', new DomainError('NOT_FOUND', 'no'), 404, 'NOT_FOUND', 'info'],
  ['conflict', new DomainError('CONFLICT', 'no'), 409, 'CONFLICT', 'info'],
  ['rate limited', new RateLimitedError(7), 429, 'RATE_LIMITED', 'info'],
  [
    'lost database',
    Object.assign(new Error('select 1 - Connection terminated'), { code: '57P01' }),
    503,
    'SERVICE_UNAVAILABLE',
    'warn',
  ],
  [
    'NUL sent to PostgreSQL (a bug, not an outage)',
    Object.assign(new Error('insert … - invalid message format'), { code: '08P01' }),
    500,
    'INTERNAL_SERVER_ERROR',
    'error',
  ],
  [
    'an undecodable URL',
    Object.assign(new URIError("Failed to decode param '%ZZ'"), { status: 400 }),
    400,
    'BAD_REQUEST',
    'info',
  ],
  [
    'malformed JSON',
    { status: 400, expose: true, type: 'entity.parse.failed' },
    400,
    'BAD_REQUEST',
    'info',
  ],
  [
    'a body too large',
    { status: 413, expose: true, type: 'entity.too.large', limit: 10 },
    413,
    'BAD_USER_INPUT',
    'info',
  ],
  [
    'an unknown charset',
    { status: 415, expose: true, type: 'charset.unsupported' },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'info',
  ],
  [
    'a bug',
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    500,
    'INTERNAL_SERVER_ERROR',
    'error',
  ],
])('%s → %i %s, logged at %s at most', (_name, error, status, code, logLevel) => {
  const response = errorResponse(error);
  expect(response).toMatchObject({ status, code, logLevel });
  expect(response.message).not.toMatch(/select|insert|undefined|%ZZ/);
});

it('sends Retry-After (whole seconds) and WWW-Authenticate where they apply', () => {
  expect(errorResponse(new RateLimitedError(7)).headers).toEqual({ 'Retry-After': '7' });
  expect(
    errorResponse(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).headers['Retry-After'],
  ).toBe('2');
  expect(errorResponse(new DomainError('UNAUTHENTICATED', 'no')).headers).toEqual({
    'WWW-Authenticate': 'Bearer',
  });
});

it.each([
  ['plain text', { name: 'Zoë 🎓 Ångström' }, null],
  ['NUL', { name: 'a\u0000b' }, 'name'],
  ['a lone high surrogate', { list: ['ok', 'x\ud83d'] }, 'list[1]'],
  ['a lone low surrogate', { a: { b: '\ude00' } }, 'a.b'],
  ['NUL in a key', { template: { 'k\u0000': 1 } }, 'template.k\u0000'],
])('storable text: %s', (_name, value, field) => {
  expect(findUnstorable(value, [])?.field ?? null).toBe(field);
});
