import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { bareHost, BlockedAddressError, guardedLookup, isNonPublicAddress } from './address-guard';

/** What one POST to a receiver came to. */
export interface PostResult {
  /** The HTTP status; null when no response came (refused address, network error, timeout). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The start of the response body (the rest is not read). */
  response: string | null;
}

export interface PostOptions {
  allowPrivate: boolean;
  /** The whole attempt: connecting, sending and reading the response. */
  timeoutMs: number;
}

/** Response bytes read at most; the log keeps the first KiB of them as text. */
const MAX_RESPONSE_BYTES = 16 * 1024;
const LOGGED_RESPONSE_CHARS = 1024;

/**
 * POSTs `body` once. Redirects are not followed (a 3xx is a failure like any non-2xx), the
 * connection goes only to addresses that passed the SSRF check, and the response is cut short.
 */
export function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const started = Date.now();
  const done = (partial: Omit<PostResult, 'durationMs'>): PostResult => ({
    ...partial,
    durationMs: Date.now() - started,
  });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(done({ statusCode: null, error: 'invalid URL', response: null }));
  }
  const host = bareHost(url);
  if (!options.allowPrivate && isIP(host) && isNonPublicAddress(host)) {
    return Promise.resolve(
      done({
        statusCode: null,
        error: new BlockedAddressError(host, host).message,
        response: null,
      }),
    );
  }
  const client = url.protocol === 'https:' ? https : http;
  const payload = Buffer.from(body);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'user-agent': 'Laurel-Webhooks/1',
        },
        lookup: guardedLookup(options.allowPrivate),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const settle = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, LOGGED_RESPONSE_CHARS);
          const status = response.statusCode ?? null;
          const ok = status !== null && status >= 200 && status < 300;
          finish(
            done({
              statusCode: status,
              error: ok ? null : `HTTP ${status}`,
              response: text === '' ? null : text,
            }),
          );
          request.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (size >= MAX_RESPONSE_BYTES) return;
          chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) settle();
        });
        response.on('end', settle);
        response.on('error', settle);
      },
    );
    const timer = setTimeout(() => {
      finish(
        done({
          statusCode: null,
          error: `no answer within ${options.timeoutMs} ms`,
          response: null,
        }),
      );
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => {
      finish(done({ statusCode: null, error: error.message, response: null }));
    });
    request.end(payload);
  });
}
