import type { TestApp } from '../support/app';

/** Status lists as a verifier gets them: over HTTP from Laurel, once each. */
export function fetchedLists(app: TestApp) {
  const lists = new Map<string, unknown>();
  return async (url: string) => {
    if (!url.includes('/status-lists/')) return null;
    if (!lists.has(url)) {
      const response = await fetch(new URL(new URL(url).pathname, app.laurel.url));
      lists.set(url, await response.json());
    }
    return lists.get(url);
  };
}
