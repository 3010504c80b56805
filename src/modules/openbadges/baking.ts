/**
 * Baking: an Open Badges 3.0 credential carried inside its badge image, as OB 3.0 §5.3
 * specifies. PNG: one `iTXt` chunk with the keyword `openbadgecredential`, uncompressed.
 * SVG: an `openbadges:credential` element, first child of the root, holding the JSON.
 */
import { crc32 } from 'node:zlib';

export const PNG_KEYWORD = 'openbadgecredential';
export const OB_V3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class BakingError extends Error {}

interface PngChunk {
  type: string;
  data: Buffer;
}

function pngChunks(png: Uint8Array): PngChunk[] {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new BakingError('Not a PNG image');
  }
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new BakingError('The PNG is truncated');
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new BakingError('The PNG is truncated');
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') {
    throw new BakingError('The PNG has no IHDR or IEND chunk');
  }
  return chunks;
}

function encodeChunk({ type, data }: PngChunk): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(header.subarray(4))) >>> 0);
  return Buffer.concat([header, data, crc]);
}

/** The keyword of an `iTXt` chunk (the bytes before its first NUL). */
function keywordOf(chunk: PngChunk): string {
  const nul = chunk.data.indexOf(0);
  return chunk.data.toString('latin1', 0, nul < 0 ? chunk.data.length : nul);
}

function isCredentialChunk(chunk: PngChunk): boolean {
  return chunk.type === 'iTXt' && keywordOf(chunk) === PNG_KEYWORD;
}

/** The PNG with `credential` baked in (replacing any credential already there). */
export function bakePng(png: Uint8Array, credential: string): Buffer {
  const chunks = pngChunks(png).filter((chunk) => !isCredentialChunk(chunk));
  // keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL
  const data = Buffer.concat([
    Buffer.from(PNG_KEYWORD, 'latin1'),
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(credential, 'utf8'),
  ]);
  chunks.splice(chunks.length - 1, 0, { type: 'iTXt', data });
  return Buffer.concat([PNG_SIGNATURE, ...chunks.map(encodeChunk)]);
}

/** The credential baked into a PNG, or null when it carries none. */
export function extractFromPng(png: Uint8Array): string | null {
  const chunk = pngChunks(png).find(isCredentialChunk);
  if (!chunk) return null;
  const { data } = chunk;
  let offset = PNG_KEYWORD.length + 1;
  const compressed = data[offset];
  if (compressed !== 0) throw new BakingError('A compressed baked credential is not supported');
  offset += 2;
  for (let nul = 0; nul < 2; nul++) {
    const end = data.indexOf(0, offset);
    if (end < 0) throw new BakingError('The baked credential chunk is malformed');
    offset = end + 1;
  }
  return data.toString('utf8', offset);
}

/** CDATA cannot hold `]]>`: split it across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

const SVG_ROOT = /<svg\b[^>]*>/i;
const SVG_CREDENTIAL =
  /<openbadges:credential\b[^>]*?(?:\/>|>([\s\S]*?)<\/openbadges:credential\s*>)/i;

/** The SVG with `credential` baked in (replacing any credential already there). */
export function bakeSvg(svg: string, credential: string): string {
  const unbaked = svg.replace(SVG_CREDENTIAL, '');
  const root = SVG_ROOT.exec(unbaked);
  if (!root) throw new BakingError('Not an SVG image');
  const selfClosing = root[0].endsWith('/>');
  let open = selfClosing ? `${root[0].slice(0, -2).trimEnd()}>` : root[0];
  if (!/\sxmlns:openbadges\s*=/.test(open)) {
    open = `${open.slice(0, -1)} xmlns:openbadges="${OB_V3_NAMESPACE}">`;
  }
  const element = `<openbadges:credential>${cdata(credential)}</openbadges:credential>`;
  const after = unbaked.slice(root.index + root[0].length);
  return `${unbaked.slice(0, root.index)}${open}${element}${selfClosing ? '</svg>' : ''}${after}`;
}

const XML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function xmlText(content: string): string {
  return content.replace(
    /<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-f]+|#\d+|\w+);/gi,
    (whole, section: string | undefined, entity: string | undefined) => {
      if (section !== undefined) return section;
      if (entity!.startsWith('#x') || entity!.startsWith('#X')) {
        return String.fromCodePoint(parseInt(entity!.slice(2), 16));
      }
      if (entity!.startsWith('#')) return String.fromCodePoint(parseInt(entity!.slice(1), 10));
      return XML_ENTITIES[entity!] ?? whole;
    },
  );
}

/** The credential baked into an SVG, or null when it carries none. */
export function extractFromSvg(svg: string): string | null {
  const match = SVG_CREDENTIAL.exec(svg);
  if (!match) return null;
  const text = xmlText(match[1] ?? '').trim();
  return text.length > 0 ? text : null;
}

/** The credential baked into a PNG or SVG image (told apart by their first bytes). */
export function extractBakedCredential(image: Uint8Array): string | null {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return extractFromPng(bytes);
  const text = bytes.toString('utf8');
  if (SVG_ROOT.test(text)) return extractFromSvg(text);
  throw new BakingError('Not a PNG or SVG image');
}
