import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered. */
  answered: number;
}

/** What the receiver does with a request to a path: a status to answer, or a custom handler. */
export type HookBehaviour =
  number | ((request: http.IncomingMessage, response: http.ServerResponse) => void);

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** How requests to `path` are answered, one behaviour per request; the last repeats. */
  on(path: string, behaviours: HookBehaviour[]): void;
  stop(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records every request. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const plans = new Map<string, HookBehaviour[]>();
  const received: ReceivedHook[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const plan = plans.get(path) ?? [404];
      const behaviour = plan.length > 1 ? plan.shift()! : plan[0];
      const hook: ReceivedHook = {
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: typeof behaviour === 'number' ? behaviour : 0,
      };
      received.push(hook);
      if (typeof behaviour === 'number') {
        response.writeHead(behaviour, { 'content-type': 'text/plain' });
        response.end(behaviour < 300 ? 'thanks' : `no: ${behaviour}`);
      } else {
        behaviour(request, response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    on: (path, behaviours) => plans.set(path, [...behaviours]),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
