/** Helpers of the subscription benchmark: graphql-ws clients in bulk. */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

export async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Opens one subscribed client per token, in batches so that the listen backlog keeps up. */
export async function openClients(
  wsUrl: string,
  tokens: readonly string[],
  query: string,
  onNext: (index: number, data: unknown) => void,
): Promise<Client[]> {
  const clients: Client[] = [];
  for (let start = 0; start < tokens.length; start += 50) {
    const batch = tokens.slice(start, start + 50).map(async (token, offset) => {
      const index = start + offset;
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
      });
      await new Promise<void>((resolve, reject) => {
        client.on('connected', () => resolve());
        client.on('closed', (event) => reject(new Error(`closed: ${JSON.stringify(event)}`)));
      });
      client.subscribe(
        { query },
        {
          next: (result) => {
            if (result.errors) throw new Error(JSON.stringify(result.errors));
            onNext(index, result.data);
          },
          error: (error) => console.error('subscription failed', error),
          complete: () => undefined,
        },
      );
      return client;
    });
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

export async function closeClients(clients: Client[]): Promise<void> {
  await Promise.all(clients.map((client) => client.dispose()));
}
