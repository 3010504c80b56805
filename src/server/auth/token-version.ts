import type { JWTPayload } from 'jose';

/** The major `version` of Open edX JWTs understood here (the LMS mints 1.2.0). */
export const SUPPORTED_TOKEN_MAJOR = 1;

/**
 * Why the token's `version` claim is refused, or null: like edx-drf-extensions, a token
 * without one is 1.0.0, and a higher major version than supported is refused.
 */
export function tokenVersionProblem(payload: JWTPayload): string | null {
  const version = payload.version;
  if (version === undefined) return null;
  const match = typeof version === 'string' ? /^(\d{1,6})(\.\d{1,6}){0,2}$/.exec(version) : null;
  if (match === null) return 'The token has an unreadable version claim';
  if (Number(match[1]) > SUPPORTED_TOKEN_MAJOR) {
    return `Tokens of version ${version} are not supported (at most ${SUPPORTED_TOKEN_MAJOR}.x)`;
  }
  return null;
}
