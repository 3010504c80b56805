import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user of the fake LMS. */
export interface LmsUser {
  id: number;
  username: string;
  email?: string;
  name?: string;
  /** `is_staff`: global staff, an administrator in the token. */
  isStaff?: boolean;
}

export interface MintOptions {
  /** Claims to add, replace, or (value undefined) leave out. */
  claims?: Record<string, unknown>;
  /** Signing key (its kid goes into the header); default: the current key. */
  kid?: string;
  /** A kid for the header other than the signing key's (a forged or unknown kid). */
  headerKid?: string;
  alg?: 'RS512' | 'RS256';
  /** Seconds from now; default 3600 (edx-platform's JWT_EXPIRATION). */
  expiresIn?: number;
  /** Seconds from now of `iat`; default 0. */
  issuedAt?: number;
}

export interface FakeLms {
  /** The LMS root URL (OPENEDX_LMS_URL). */
  url: string;
  /** `${url}/oauth2`, the LMS's JWT_ISSUER. */
  issuer: string;
  audience: string;
  /** The kid of the key tokens are signed with unless told otherwise. */
  readonly currentKid: string;
  /** GET /auth/jwks.json requests answered so far. */
  readonly jwksRequests: number;
  /** A new RS512 signing key; published at once unless `publish` is false. Returns its kid. */
  addKey(options?: { publish?: boolean }): Promise<string>;
  /** Serve the key set encoded as a JSON string inside JSON, as some LMS versions do. */
  doubleEncode: boolean;
  /** Serve this body instead of the key set (null: the key set again). */
  rawBody: string | null;
  /** Extra JWKs published beside the signing keys (e.g. keys of other kinds). */
  extraKeys: JWK[];
  /** A token exactly as the LMS's oauth_dispatch `_create_jwt` mints it for `user`. */
  mint(user: LmsUser, options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fake LMS serving its public signing keys at /auth/jwks.json over real HTTP, as
 * `user_authn/views/auth.py::get_public_signing_jwks` does, and minting tokens with the
 * claims of `oauth_dispatch/jwt.py` (scopes email, profile, user_id), signed RS512 with a kid.
 */
export async function startFakeLms(options: { audience?: string } = {}): Promise<FakeLms> {
  const keys = new Map<string, { privateKey: KeyLike; jwk: JWK; published: boolean }>();
  let current = '';
  let jwksRequests = 0;
  const state = { doubleEncode: false, rawBody: null as string | null, extraKeys: [] as JWK[] };

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/auth/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    jwksRequests++;
    const set = JSON.stringify({
      keys: [
        ...[...keys.values()].filter((key) => key.published).map((key) => key.jwk),
        ...state.extraKeys,
      ],
    });
    const body = state.rawBody ?? (state.doubleEncode ? JSON.stringify(set) : set);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${url}/oauth2`;
  const audience = options.audience ?? 'lms-key';

  const lms: FakeLms = {
    url,
    issuer,
    audience,
    get currentKid() {
      return current;
    },
    get jwksRequests() {
      return jwksRequests;
    },
    get doubleEncode() {
      return state.doubleEncode;
    },
    set doubleEncode(value) {
      state.doubleEncode = value;
    },
    get rawBody() {
      return state.rawBody;
    },
    set rawBody(value) {
      state.rawBody = value;
    },
    get extraKeys() {
      return state.extraKeys;
    },
    set extraKeys(value) {
      state.extraKeys = value;
    },
    async addKey({ publish = true } = {}) {
      const { privateKey, publicKey } = await generateKeyPair('RS512');
      const kid = `lms-${randomBytes(4).toString('hex')}`;
      // Tutor's JWT_PUBLIC_SIGNING_JWK_SET: kid, kty, e, n (no alg, no use).
      keys.set(kid, {
        privateKey,
        jwk: { ...(await exportJWK(publicKey)), kid },
        published: publish,
      });
      current = kid;
      return kid;
    },
    async mint(user, mint = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: issuer,
        aud: audience,
        exp: now + (mint.expiresIn ?? 3600),
        iat: now + (mint.issuedAt ?? 0),
        preferred_username: user.username,
        scopes: ['user_id', 'email', 'profile'],
        version: '1.2.0',
        // anonymous_id_for_user: 32 hex digits, never the user id.
        sub: randomBytes(16).toString('hex'),
        filters: [],
        is_restricted: false,
        email_verified: true,
        user_id: user.id,
        email: user.email ?? `${user.username}@example.org`,
        name: user.name ?? user.username,
        family_name: '',
        given_name: '',
        administrator: user.isStaff ?? false,
        superuser: false,
      };
      for (const [name, value] of Object.entries(mint.claims ?? {})) {
        if (value === undefined) delete claims[name];
        else claims[name] = value;
      }
      const kid = mint.kid ?? current;
      const key = keys.get(kid);
      if (!key) throw new Error(`the fake LMS has no key ${kid}`);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: mint.alg ?? 'RS512', kid: mint.headerKid ?? kid, typ: 'JWT' })
        .sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  await lms.addKey();
  return lms;
}
