import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, type ExecutionResult, print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** How a connection ended: the close frame's code and reason. */
export interface Closed {
  code: number;
  reason: string;
}

export interface LiveClient {
  client: Client;
  /** Resolves once the server acknowledged the connection (rejects when it closes first). */
  connected: Promise<void>;
  /** Resolves with the close frame when the connection ends. */
  closed: Promise<Closed>;
  dispose(): Promise<void>;
}

/** The graphql-ws endpoint of a server's GraphQL URL. */
export const wsUrl = (httpUrl: string) =>
  httpUrl.replace(/^http/, 'ws').replace('//localhost:', '//127.0.0.1:');

/** A real graphql-ws client over a real socket; no retries, so a close is final. */
export function connect(
  httpUrl: string,
  authorization: string | null,
  params: Record<string, unknown> = {},
): LiveClient {
  let resolveClosed: (closed: Closed) => void = () => undefined;
  const closed = new Promise<Closed>((resolve) => {
    resolveClosed = resolve;
  });
  let resolveConnected: () => void = () => undefined;
  let rejectConnected: (error: Error) => void = () => undefined;
  const connected = new Promise<void>((resolve, reject) => {
    resolveConnected = resolve;
    rejectConnected = reject;
  });
  connected.catch(() => undefined);
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: authorization === null ? params : { authorization, ...params },
    onNonLazyError: () => undefined,
    on: {
      connected: () => resolveConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        const closedWith = { code, reason: String(reason) };
        rejectConnected(new Error(`closed with ${code} ${closedWith.reason}`));
        resolveClosed(closedWith);
      },
    },
  });
  return { client, connected, closed, dispose: () => Promise.resolve(client.dispose()) };
}

/** A bearer token as connectionParams.authorization carries it. */
export const bearer = (token: string) => `Bearer ${token}`;

export interface Watching<T> {
  /** Every result received so far (an `error` message counts as a result with errors). */
  results: ExecutionResult<T>[];
  /** The data of the next result not yet taken; fails after `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** The next result not yet taken, errors included. */
  nextResult(timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Waits `ms` and fails when any result arrived in the meantime (or was left untaken). */
  expectNothing(ms?: number): Promise<void>;
  /** Resolves when the server completed the subscription (or it failed). */
  ended: Promise<unknown>;
  stop(): void;
}

/** Subscribes and collects what arrives. */
export function watch<T, V>(
  live: LiveClient,
  document: TypedDocumentNode<T, V> | DocumentNode,
  variables?: V,
): Watching<T> {
  const results: ExecutionResult<T>[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((waiter) => waiter());
  let endedWith: (value: unknown) => void = () => undefined;
  const ended = new Promise((resolve) => {
    endedWith = resolve;
  });
  const stop = live.client.subscribe<T>(
    { query: print(document), variables: (variables ?? {}) as Record<string, unknown> },
    {
      next: (result) => {
        results.push(result as ExecutionResult<T>);
        notify();
      },
      error: (error) => {
        // graphql-ws reports an operation's errors (an `error` message) as their list.
        if (Array.isArray(error)) results.push({ errors: error } as ExecutionResult<T>);
        endedWith(error);
        notify();
      },
      complete: () => {
        endedWith('complete');
        notify();
      },
    },
  );

  const nextResult = (timeoutMs = 10_000) =>
    new Promise<ExecutionResult<T>>((resolve, reject) => {
      const check = () => {
        if (results.length > taken) {
          cleanup();
          resolve(results[taken++]);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no result within ${timeoutMs} ms (got ${results.length})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    results,
    nextResult,
    next: async (timeoutMs) => {
      const result = await nextResult(timeoutMs);
      if (result.errors) throw new Error(`errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    expectNothing: async (ms = 750) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      expect(results.slice(taken)).toEqual([]);
    },
    ended,
    stop,
  };
}

/** Polls until `check` holds; fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Connects with `token`, records the client in `clients` (for teardown) and waits for the ack. */
export async function openClient(
  httpUrl: string,
  token: string,
  clients: LiveClient[],
): Promise<LiveClient> {
  const client = connect(httpUrl, bearer(token));
  clients.push(client);
  await client.connected;
  return client;
}
