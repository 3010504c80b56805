import { createHash } from 'node:crypto';
import { pdfPagePng } from '../../shared/raster';
import type { ObjectStorage } from './storage';

/** Pixels across a certificate's page drawn as an image (its badge PNG, its web page). */
export const CERTIFICATE_IMAGE_WIDTH = 1000;

/** An issued certificate's stored PDF and, when recorded, its SHA-256 (hex). */
export interface StoredCertificate {
  id: string;
  storageKey: string;
  sha256: string | null;
}

/**
 * The first page of an issued certificate as a PNG, drawn once per PDF and kept beside it in
 * the object storage, keyed by the PDF's hash (a re-rendered file gets a new image). With the
 * hash recorded at issue, a cached image is found without reading the PDF.
 */
export async function certificatePageImage(
  storage: ObjectStorage,
  certificate: StoredCertificate,
): Promise<Buffer> {
  const keyOf = (sha256: string) =>
    `credentials/${certificate.id}.${sha256.slice(0, 16)}.preview.png`;
  if (certificate.sha256 !== null) {
    const key = keyOf(certificate.sha256);
    if (await storage.exists(key)) return Buffer.from(await storage.get(key));
  }
  const pdf = await storage.get(certificate.storageKey);
  const key = keyOf(createHash('sha256').update(pdf).digest('hex'));
  if (await storage.exists(key)) return Buffer.from(await storage.get(key));
  const png = await pdfPagePng(pdf, CERTIFICATE_IMAGE_WIDTH);
  await storage.put(key, png, 'image/png');
  return png;
}
