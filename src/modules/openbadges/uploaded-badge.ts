/**
 * What someone hands in to be verified: an OB 3.0 credential as JSON, or a badge image
 * (PNG or SVG) with one baked in. The kind is told from the bytes, never from a file name
 * or a Content-Type.
 */
import { DomainError } from '../../shared/errors';
import { BakingError, extractBakedCredential } from './baking';

export type BadgeFileFormat = 'json' | 'png' | 'svg';

export interface UploadedCredential {
  format: BadgeFileFormat;
  /** The parsed JSON, not yet checked in any way. */
  credential: unknown;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const NOT_A_BADGE =
  'The file is neither an Open Badges 3.0 credential (JSON) nor a badge image (PNG or SVG) with one baked in';

const refused = (message: string) => new DomainError('BAD_USER_INPUT', message, { field: 'file' });

function parsed(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw refused(`${what} is not valid JSON`);
  }
}

function baked(bytes: Buffer, format: 'png' | 'svg'): UploadedCredential {
  const name = format.toUpperCase();
  let text: string | null;
  try {
    text = extractBakedCredential(bytes);
  } catch (error) {
    if (error instanceof BakingError)
      throw refused(`The ${name} image is unreadable: ${error.message}`);
    throw error;
  }
  if (text === null) throw refused(`The ${name} image carries no baked Open Badges credential`);
  return { format, credential: parsed(text, `The credential baked into the ${name} image`) };
}

export function credentialFromUpload(bytes: Buffer): UploadedCredential {
  if (bytes.length === 0) throw refused('The file is empty');
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return baked(bytes, 'png');
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw refused(NOT_A_BADGE);
  }
  // TextDecoder drops a leading byte order mark.
  const start = text.trimStart()[0];
  if (start === '{' || start === '[')
    return { format: 'json', credential: parsed(text, 'The file') };
  if (start === '<' && /<svg\b/i.test(text)) return baked(bytes, 'svg');
  throw refused(NOT_A_BADGE);
}
