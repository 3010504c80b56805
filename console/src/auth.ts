/** Who is signed in: a pasted token (kept for this tab only) or the Open edX JWT cookie. */
export type Session = { kind: 'token'; token: string } | { kind: 'cookie' };

export interface Claims {
  sub?: string;
  user_id?: string | number;
  administrator?: boolean;
  roles?: string[];
  name?: string;
  preferred_username?: string;
  exp?: number;
}

const TOKEN_KEY = 'laurel.console.token';
const COOKIE_KEY = 'laurel.console.cookie';
/** The LMS's readable half of its JWT cookie (the signature half is HttpOnly). */
export const OPENEDX_PAYLOAD_COOKIE = 'edx-jwt-cookie-header-payload';

export function storedSession(): Session | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) return { kind: 'token', token };
  if (sessionStorage.getItem(COOKIE_KEY) && openEdxCookie() !== null) return { kind: 'cookie' };
  return null;
}

export function storeSession(session: Session | null): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(COOKIE_KEY);
  if (session?.kind === 'token') sessionStorage.setItem(TOKEN_KEY, session.token);
  if (session?.kind === 'cookie') sessionStorage.setItem(COOKIE_KEY, '1');
}

/** The header.payload the LMS left in its cookie, when this page shares its domain. */
export function openEdxCookie(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === OPENEDX_PAYLOAD_COOKIE && value.length > 0) return value.join('=');
  }
  return null;
}

/** The claims a JWT carries, unverified: the server checks them; the console only adapts. */
export function decodeClaims(jwt: string): Claims | null {
  const payload = jwt.replace(/^(Bearer|JWT)\s+/i, '').split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return null;
  }
}

export function sessionClaims(session: Session): Claims | null {
  if (session.kind === 'token') return decodeClaims(session.token);
  const cookie = openEdxCookie();
  return cookie === null ? null : decodeClaims(cookie);
}

export function isAdmin(claims: Claims | null): boolean {
  return claims?.administrator === true || (claims?.roles ?? []).includes('laurel:admin');
}

export function subjectOf(claims: Claims | null): string | null {
  if (!claims) return null;
  const id = claims.sub ?? claims.user_id;
  return id === undefined ? null : String(id);
}

/** The Authorization header value for a pasted token ("Bearer …" or "JWT …" kept as given). */
export function authorization(session: Session): string | undefined {
  if (session.kind !== 'token') return undefined;
  const token = session.token.trim();
  return /^(Bearer|JWT)\s/i.test(token) ? token : `Bearer ${token}`;
}
