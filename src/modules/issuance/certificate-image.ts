import { createHash } from 'node:crypto';
import { pdfPagePng } from '../../shared/raster';
import type { ObjectStorage } from './storage';

/** Pixels across a certificate's page drawn as an image (its badge PNG, its web page). */
export const CERTIFICATE_IMAGE_WIDTH = 1000;

/**
 * The first page of an issued certificate as a PNG, drawn once per PDF and kept beside it in
 * the object storage (keyed by the PDF's hash, so a re-rendered file gets a new image).
 */
export async function certificatePageImage(
  storage: ObjectStorage,
  credentialId: string,
  pdfKey: string,
): Promise<Buffer> {
  const pdf = await storage.get(pdfKey);
  const hash = createHash('sha256').update(pdf).digest('hex').slice(0, 16);
  const key = `credentials/${credentialId}.${hash}.preview.png`;
  if (await storage.exists(key)) return Buffer.from(await storage.get(key));
  const png = await pdfPagePng(pdf, CERTIFICATE_IMAGE_WIDTH);
  await storage.put(key, png, 'image/png');
  return png;
}
