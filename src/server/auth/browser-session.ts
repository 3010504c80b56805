import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../shared/errors';

/**
 * Open edX's browser sign-in: the LMS splits the user's JWT into two cookies on the shared
 * domain (edx-drf-extensions' JwtAuthCookieMiddleware reassembles them). Laurel accepts the
 * pair as it accepts `Authorization: JWT <token>`; an Authorization header wins.
 */
export const JWT_HEADER_PAYLOAD_COOKIE = 'edx-jwt-cookie-header-payload';
export const JWT_SIGNATURE_COOKIE = 'edx-jwt-cookie-signature';
/** The header Open edX MFEs send on unsafe requests (frontend-platform's CSRF interceptor). */
export const CSRF_HEADER = 'x-csrftoken';

/** Who may call with the cookie: the server's own origin, and CORS_ORIGINS. */
export interface OriginPolicy {
  publicUrl: string;
  corsOrigins: readonly string[];
}

/** The token a request carries, and whether it came from the cookie pair. */
export interface RequestToken {
  authorization: string | null;
  viaCookie: boolean;
}

/** The value of one cookie of a `Cookie` header; null when absent or empty. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value === '' ? null : value;
  }
  return null;
}

/** `JWT <header.payload.signature>` from the cookie pair, or null without both halves. */
export function cookieAuthorization(cookieHeader: string | undefined): string | null {
  const headerPayload = readCookie(cookieHeader, JWT_HEADER_PAYLOAD_COOKIE);
  const signature = readCookie(cookieHeader, JWT_SIGNATURE_COOKIE);
  if (headerPayload === null || signature === null) return null;
  return `JWT ${headerPayload}.${signature}`;
}

/** Whether an `Origin` may use the cookie: the request's own host, PUBLIC_URL, or CORS_ORIGINS. */
export function isTrustedOrigin(
  origin: string,
  host: string | undefined,
  policy: OriginPolicy,
): boolean {
  if (policy.corsOrigins.includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.origin === new URL(policy.publicUrl).origin || parsed.host === host;
}

/**
 * The request's token: the Authorization header, else the JWT cookie pair. A cookie sent
 * from a page of another origin than the trusted ones is refused (FORBIDDEN), so no other
 * site can act as the signed-in user; requests without an Origin (not from a browser page,
 * or a same-origin navigation) may use it.
 */
export function requestToken(headers: IncomingHttpHeaders, policy: OriginPolicy): RequestToken {
  if (headers.authorization) return { authorization: headers.authorization, viaCookie: false };
  const fromCookie = cookieAuthorization(headers.cookie);
  if (fromCookie === null) return { authorization: null, viaCookie: false };
  const origin = headers.origin;
  if (origin !== undefined && !isTrustedOrigin(origin, headers.host, policy)) {
    throw new DomainError(
      'FORBIDDEN',
      `The sign-in cookie is not accepted from ${origin}: add it to CORS_ORIGINS, or send a bearer token`,
    );
  }
  return { authorization: fromCookie, viaCookie: true };
}

/** A cookie-authenticated request without the CSRF header: its mutations are refused. */
export function lacksCsrfHeader(token: RequestToken, headers: IncomingHttpHeaders): boolean {
  if (!token.viaCookie) return false;
  const value = headers[CSRF_HEADER];
  return typeof value !== 'string' || value.trim() === '';
}
