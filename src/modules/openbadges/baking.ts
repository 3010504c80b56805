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

const SVG_ROOT_START = /<svg\b/i;
const CREDENTIAL_START = /<openbadges:credential\b/i;
const CREDENTIAL_END = /<\/openbadges:credential\s*>/gi;

/*
 * Tags are found with a literal search and `indexOf`, never a pattern like `<svg\b[^>]*>`:
 * on input with many unterminated tags such a pattern rescans the rest from every start,
 * which takes minutes on a megabyte (extraction reads files anyone may upload).
 */

interface Span {
  start: number;
  end: number;
}

/** The first `<svg …>` start tag (a later one cannot close when the first does not). */
function svgRoot(svg: string): Span | null {
  const match = SVG_ROOT_START.exec(svg);
  const close = match ? svg.indexOf('>', match.index) : -1;
  return close < 0 ? null : { start: match!.index, end: close + 1 };
}

/** The first `openbadges:credential` element and the span of its content (empty if self-closing). */
function credentialElement(svg: string): { element: Span; content: Span } | null {
  const match = CREDENTIAL_START.exec(svg);
  const close = match ? svg.indexOf('>', match.index) : -1;
  if (close < 0) return null;
  const start = match!.index;
  if (svg[close - 1] === '/') {
    return { element: { start, end: close + 1 }, content: { start: close, end: close } };
  }
  CREDENTIAL_END.lastIndex = close + 1;
  const end = CREDENTIAL_END.exec(svg);
  if (!end) throw new BakingError('The SVG credential element is not closed');
  return {
    element: { start, end: end.index + end[0].length },
    content: { start: close + 1, end: end.index },
  };
}

/** The SVG with `credential` baked in (replacing any credential already there). */
export function bakeSvg(svg: string, credential: string): string {
  const old = credentialElement(svg)?.element;
  const unbaked = old ? svg.slice(0, old.start) + svg.slice(old.end) : svg;
  const root = svgRoot(unbaked);
  if (!root) throw new BakingError('Not an SVG image');
  const tag = unbaked.slice(root.start, root.end);
  const selfClosing = tag.endsWith('/>');
  let open = selfClosing ? `${tag.slice(0, -2).trimEnd()}>` : tag;
  if (!/\sxmlns:openbadges\s*=/.test(open)) {
    open = `${open.slice(0, -1)} xmlns:openbadges="${OB_V3_NAMESPACE}">`;
  }
  const element = `<openbadges:credential>${cdata(credential)}</openbadges:credential>`;
  const after = unbaked.slice(root.end);
  return `${unbaked.slice(0, root.start)}${open}${element}${selfClosing ? '</svg>' : ''}${after}`;
}

const XML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function entity(name: string): string | null {
  const code =
    name.startsWith('#x') || name.startsWith('#X')
      ? parseInt(name.slice(2), 16)
      : name.startsWith('#')
        ? parseInt(name.slice(1), 10)
        : null;
  if (code === null) return XML_ENTITIES[name] ?? null;
  return code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/** References and CDATA starts; the bounded repeats keep the search linear. */
const TEXT_TOKEN = /&(#x[0-9a-f]{1,8}|#\d{1,8}|\w{1,8});|<!\[CDATA\[/gi;

/** Element text: CDATA sections as they are, the XML entities and character references decoded. */
function xmlText(content: string): string {
  const parts: string[] = [];
  let at = 0;
  TEXT_TOKEN.lastIndex = 0;
  for (let match = TEXT_TOKEN.exec(content); match; match = TEXT_TOKEN.exec(content)) {
    parts.push(content.slice(at, match.index));
    if (match[1] === undefined) {
      const end = content.indexOf(']]>', TEXT_TOKEN.lastIndex);
      if (end < 0) throw new BakingError('A CDATA section in the SVG is not closed');
      parts.push(content.slice(TEXT_TOKEN.lastIndex, end));
      TEXT_TOKEN.lastIndex = end + 3;
    } else {
      parts.push(entity(match[1]) ?? match[0]);
    }
    at = TEXT_TOKEN.lastIndex;
  }
  parts.push(content.slice(at));
  return parts.join('');
}

/** The credential baked into an SVG, or null when it carries none. */
export function extractFromSvg(svg: string): string | null {
  const found = credentialElement(svg);
  if (!found) return null;
  const text = xmlText(svg.slice(found.content.start, found.content.end)).trim();
  return text.length > 0 ? text : null;
}

/** The credential baked into a PNG or SVG image (told apart by their first bytes). */
export function extractBakedCredential(image: Uint8Array): string | null {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return extractFromPng(bytes);
  const text = bytes.toString('utf8');
  if (svgRoot(text) !== null) return extractFromSvg(text);
  throw new BakingError('Not a PNG or SVG image');
}
