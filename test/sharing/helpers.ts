import { crc32, deflateSync } from 'node:zlib';
import type { TestApp } from '../support/app';
import { CONFIGURATION_NAME, COURSE_TITLE, ISSUED_AT, siteOf } from '../verification/helpers';

export type Json = Record<string, unknown>;

/** A valid 2×2 PNG built from its chunks, so the tests depend on no image library. */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(data.length);
    header.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])) >>> 0);
    return Buffer.concat([header, data, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80, 0x40, 0, 0x40, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const TINY_SVG =
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>';

/** `credential { openBadge }` as an admin reads it. */
export async function openBadgeOf(app: TestApp, credentialId: string): Promise<Json> {
  const response = await app.raw(
    {
      query: 'query($id: ID!) { credential(id: $id) { openBadge } }',
      variables: { id: credentialId },
    },
    { authorization: `Bearer ${app.adminToken}` },
  );
  expect(response.errors).toBeUndefined();
  const badge = (response.data as { credential: { openBadge: Json | null } | null }).credential
    ?.openBadge;
  if (!badge) throw new Error(`credential ${credentialId} has no Open Badge`);
  return badge;
}

/** The same credential with one claim changed after signing. */
export function tampered(badge: Json): Json {
  const copy = structuredClone(badge);
  copy.name = `${String(copy.name)} (edited)`;
  return copy;
}

/** `POST /verify/open-badge` with the raw bytes. */
export function postBadge(
  app: TestApp,
  body: Uint8Array | string,
  contentType = 'application/octet-stream',
): Promise<Response> {
  return fetch(`${siteOf(app)}/verify/open-badge`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
}

/** A seeded credential's LinkedIn add-to-profile link carries exactly its fields. */
export function expectLinkedInLink(href: string, app: TestApp, verificationId: string): void {
  const url = new URL(href);
  expect(`${url.origin}${url.pathname}`).toBe('https://www.linkedin.com/profile/add');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    startTask: 'CERTIFICATION_NAME',
    name: `${CONFIGURATION_NAME}: ${COURSE_TITLE}`,
    organizationName: 'Laurel',
    issueYear: String(ISSUED_AT.getUTCFullYear()),
    issueMonth: String(ISSUED_AT.getUTCMonth() + 1),
    certUrl: `${app.config.publicUrl}/verify/${verificationId}`,
    certId: verificationId,
  });
}
