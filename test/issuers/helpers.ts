import type { TestApp } from '../support/app';

/** A 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const siteOf = (app: TestApp): string => app.laurel.url.replace(/\/graphql$/, '');

/** PUT /assets/<slug> as an admin; fails the test on anything but 200/201. */
export async function uploadAsset(app: TestApp, slug: string, body: Uint8Array): Promise<void> {
  const response = await fetch(`${siteOf(app)}/assets/${slug}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/octet-stream',
      authorization: `Bearer ${app.adminToken}`,
    },
    body: Buffer.from(body),
  });
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`upload of ${slug} answered ${response.status}: ${await response.text()}`);
  }
}

/** The GraphQL error codes and fields of a response (one entry per error). */
export function errorsOf(response: {
  errors?: { extensions?: Record<string, unknown> }[];
}): { code: unknown; field: unknown }[] {
  return (response.errors ?? []).map((error) => ({
    code: error.extensions?.code,
    field: error.extensions?.field,
  }));
}
