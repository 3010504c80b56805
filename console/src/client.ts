import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { authorization, type Session } from './auth';

export const GRAPHQL_PATH = '/graphql';

/**
 * One client per session: queries and mutations over HTTP, subscriptions over graphql-ws on
 * the same address. No document cache: screens ask again after each change, so what they show
 * is what the API answers now.
 */
export function createConsoleClient(session: Session): { client: Client; close(): void } {
  const header = authorization(session);
  // A cookie session proves itself by the JWT cookie pair; mutations also need the CSRF header
  // (a page of another origin cannot send it without a preflight).
  const headers: Record<string, string> = header
    ? { authorization: header }
    : { 'x-csrftoken': 'laurel-console' };
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: header ? { authorization: header } : {},
    lazy: true,
    retryAttempts: 20,
  });
  const client = new Client({
    url: GRAPHQL_PATH,
    requestPolicy: 'network-only',
    // POST with a JSON body: Apollo's CSRF prevention refuses simple GETs without a preflight header.
    preferGetMethod: false,
    fetchOptions: () => ({
      credentials: 'same-origin',
      headers,
    }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }),
          };
        },
      }),
    ],
  });
  return { client, close: () => void ws.dispose() };
}
