import { setTimeout as sleep } from 'node:timers/promises';
import { BodyReader } from './lms-body';
import { LmsError } from './lms-errors';

/** What `attempt` answers for a request to send again. */
const RETRY = Symbol('retry');

export interface LmsClientOptions {
  /** LMS root, e.g. https://lms.example.com (no trailing slash needed). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** One request (token or API) longer than this is aborted and retried. */
  timeoutMs?: number;
  /** Attempts after the first on 5xx, 429 and network errors. */
  retries?: number;
  /** Delay before the first retry; doubles each time. */
  retryDelayMs?: number;
  /** A body larger than this is refused (a hostile or broken LMS). */
  maxBodyBytes?: number;
}

/** One page of a paginated list: its entries and the URL of the next page, if any. */
export interface LmsPage {
  results: BodyReader[];
  next: string | null;
  /** The body, for list endpoints that add fields beside `results`. */
  body: BodyReader;
}

interface CachedToken {
  value: string;
  /** When to fetch a new one: shortly before the LMS's expiry. */
  refreshAt: number;
}

const MAX_TOKEN_LIFETIME_S = 366 * 86_400;

const sameOrigin = (a: URL, b: URL) => a.origin === b.origin;

/**
 * The LMS's REST APIs as a global-staff service user: a client-credentials JWT
 * (`POST /oauth2/access_token`, token_type=jwt) kept until shortly before it expires and
 * sent as `Authorization: JWT …`; retries with backoff on 5xx, 429 and network errors; a
 * timeout per request; pages followed only on the LMS's own origin; bodies read through
 * BodyReader so that a wrong shape is an error naming the endpoint.
 */
export class LmsClient {
  private readonly base: URL;
  private token: CachedToken | null = null;
  private tokenRequest: Promise<string> | null = null;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxBodyBytes: number;

  constructor(private readonly options: LmsClientOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  }

  get origin(): string {
    return this.base.origin;
  }

  /** `GET` a path on the LMS (or a `next` URL it gave) and hand back a reader of the JSON body. */
  async get(pathOrUrl: string, query: Record<string, string> = {}): Promise<BodyReader> {
    const url = this.resolve(pathOrUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const endpoint = `GET ${url.pathname}`;
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const response = await this.attempt(endpoint, url, attempt, {
        headers: { authorization: `JWT ${token}`, accept: 'application/json' },
      });
      if (response === RETRY) continue;
      if (response.ok) return new BodyReader(endpoint, await this.json(endpoint, response));
      await response.body?.cancel();
      if (response.status === 401 && !refreshedToken) {
        // The token may have been revoked or the LMS keys rotated: one fresh token, once.
        refreshedToken = true;
        this.token = null;
        continue;
      }
      if ((response.status >= 500 || response.status === 429) && attempt < this.retries) {
        await this.backoff(attempt);
        continue;
      }
      throw new LmsError(endpoint, statusMessage(response.status), response.status);
    }
  }

  /** One page of a list: `{results, next}`, `{results, pagination: {next}}` or a plain list. */
  async page(pathOrUrl: string, query: Record<string, string> = {}): Promise<LmsPage> {
    const body = await this.get(pathOrUrl, query);
    if (body.isArray()) return { results: body.array(), next: null, body };
    const nested = body.get('pagination');
    const next = (nested.isObject() ? nested.get('next') : body.get('next')).optionalString(4096);
    const results = body.get('results').array();
    if (next !== null) this.checkNext(body.endpoint, next);
    return { results, next, body };
  }

  /** Every page of a list, in order, from `pathOrUrl` (a first page or a saved `next` URL). */
  async *pages(pathOrUrl: string, query: Record<string, string> = {}): AsyncGenerator<LmsPage> {
    let page = await this.page(pathOrUrl, query);
    const seen = new Set<string>();
    for (;;) {
      yield page;
      if (page.next === null) return;
      if (seen.has(page.next)) {
        throw new LmsError(page.body.endpoint, 'pagination loops back to a page already read');
      }
      seen.add(page.next);
      page = await this.page(page.next);
    }
  }

  /** The service token, fetched once and reused until shortly before it expires. */
  async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    // Concurrent callers share one token request.
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = null;
    });
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL('oauth2/access_token', this.base);
    const endpoint = `POST ${url.pathname}`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      token_type: 'jwt',
    });
    for (let attempt = 0; ; attempt++) {
      const requestedAt = Date.now();
      const response = await this.attempt(endpoint, url, attempt, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      if (response === RETRY) continue;
      if (!response.ok) {
        await response.body?.cancel();
        if (response.status >= 500 && attempt < this.retries) {
          await this.backoff(attempt);
          continue;
        }
        const hint =
          response.status === 400 || response.status === 401
            ? ' (check OPENEDX_CLIENT_ID and OPENEDX_CLIENT_SECRET: the LMS refused them)'
            : '';
        throw new LmsError(endpoint, statusMessage(response.status) + hint, response.status);
      }
      const body = new BodyReader(endpoint, await this.json(endpoint, response));
      const value = body.get('access_token').string(16_384);
      const lifetime = body.get('expires_in').number(1, MAX_TOKEN_LIFETIME_S);
      // Renewed a tenth of its lifetime early (at most a minute), counted from the request.
      const margin = Math.min(60, lifetime / 10) * 1000;
      this.token = { value, refreshAt: requestedAt + lifetime * 1000 - margin };
      return value;
    }
  }

  private resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl.replace(/^\//, ''), this.base);
    if (!sameOrigin(url, this.base)) {
      throw new LmsError(`GET ${url.pathname}`, `refused: ${url.origin} is not the LMS`);
    }
    return url;
  }

  private checkNext(endpoint: string, next: string): void {
    let url: URL;
    try {
      url = new URL(next, this.base);
    } catch {
      throw new LmsError(endpoint, 'the next page is not a URL');
    }
    if (!sameOrigin(url, this.base)) {
      throw new LmsError(
        endpoint,
        `the next page points to another origin (${url.origin}); only ${this.base.origin} is followed`,
      );
    }
  }

  private async json(endpoint: string, response: Response): Promise<unknown> {
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > this.maxBodyBytes) {
      await response.body?.cancel();
      throw new LmsError(endpoint, `the body is larger than ${this.maxBodyBytes} bytes`);
    }
    const text = await response.text();
    if (text.length > this.maxBodyBytes) {
      throw new LmsError(endpoint, `the body is larger than ${this.maxBodyBytes} bytes`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LmsError(endpoint, 'the body is not JSON');
    }
  }

  /**
   * One request with the timeout and no redirects; a network failure or timeout answers
   * RETRY after the backoff while retries are left.
   */
  private async attempt(
    endpoint: string,
    url: URL,
    attempt: number,
    init: RequestInit,
  ): Promise<Response | typeof RETRY> {
    try {
      return await fetch(url, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      if (attempt < this.retries) {
        await this.backoff(attempt);
        return RETRY;
      }
      throw new LmsError(endpoint, `no answer (${describe(error)})`);
    }
  }

  private async backoff(attempt: number): Promise<void> {
    const delay = this.retryDelayMs * 2 ** attempt;
    await sleep(delay / 2 + Math.random() * (delay / 2));
  }
}

function describe(error: unknown): string {
  // AbortSignal.timeout rejects with a DOMException, an Error only in some realms.
  if ((error as { name?: unknown } | null)?.name === 'TimeoutError') return 'timed out';
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ?? error.message;
  }
  return String(error);
}

function statusMessage(status: number): string {
  switch (status) {
    case 401:
      return 'HTTP 401: the LMS did not accept the service token';
    case 403:
      return 'HTTP 403: the service user may not read this (it must be global staff), or the feature is off';
    case 404:
      return 'HTTP 404: not found';
    default:
      return `HTTP ${status}`;
  }
}
