/**
 * TrueType glyph padding.
 *
 * fontkit's subsetter copies each glyph's bytes as they are and may write a
 * short `loca` table, which stores offsets divided by two: a glyph of odd
 * length (common in fonts built with a long `loca`, Noto among them) shifts
 * every later glyph by a byte and they render as garbage or not at all. This
 * rewrites such a font once, with every glyph padded to a multiple of four
 * bytes and a long `loca`, before fontkit parses it.
 */

const TRUETYPE_VERSIONS = new Set([0x00010000, 0x74727565 /* 'true' */]);

interface TableRecord {
  readonly tag: string;
  readonly offset: number;
  readonly length: number;
}

function readTables(view: DataView): TableRecord[] | null {
  if (view.byteLength < 12 || !TRUETYPE_VERSIONS.has(view.getUint32(0))) return null;
  const count = view.getUint16(4);
  if (view.byteLength < 12 + count * 16) return null;
  const tables: TableRecord[] = [];
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(
      view.getUint8(record),
      view.getUint8(record + 1),
      view.getUint8(record + 2),
      view.getUint8(record + 3),
    );
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > view.byteLength) return null;
    tables.push({ tag, offset, length });
  }
  return tables;
}

function checksum(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  const whole = bytes.byteLength & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < bytes.byteLength) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (bytes[i] ?? 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/**
 * Returns the font with every glyph padded to four bytes, or the input itself
 * when it needs no change or is not a TrueType-outline sfnt (OTF/CFF, WOFF,
 * collections).
 */
export function padTrueTypeGlyphs(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = readTables(view);
  if (!tables) return font;
  const find = (tag: string): TableRecord | undefined => tables.find((t) => t.tag === tag);
  const head = find('head');
  const loca = find('loca');
  const glyf = find('glyf');
  const maxp = find('maxp');
  if (!head || !loca || !glyf || !maxp || head.length < 54) return font;

  const longLoca = view.getInt16(head.offset + 50) === 1;
  const glyphCount = view.getUint16(maxp.offset + 4);
  if (loca.length < (glyphCount + 1) * (longLoca ? 4 : 2)) return font;
  const offsets = new Array<number>(glyphCount + 1);
  for (let i = 0; i <= glyphCount; i++) {
    offsets[i] = longLoca
      ? view.getUint32(loca.offset + i * 4)
      : view.getUint16(loca.offset + i * 2) * 2;
  }
  if (offsets.every((offset) => offset % 2 === 0)) return font;

  // New glyf (each glyph padded) and long loca.
  let glyfLength = 0;
  for (let i = 0; i < glyphCount; i++) {
    const length = Math.max(0, offsets[i + 1] - offsets[i]);
    glyfLength += (length + 3) & ~3;
  }
  const newGlyf = new Uint8Array(glyfLength);
  const newLoca = new Uint8Array((glyphCount + 1) * 4);
  const locaView = new DataView(newLoca.buffer);
  let position = 0;
  for (let i = 0; i < glyphCount; i++) {
    locaView.setUint32(i * 4, position);
    const length = Math.max(0, offsets[i + 1] - offsets[i]);
    const start = glyf.offset + offsets[i];
    newGlyf.set(
      font.subarray(start, Math.min(start + length, glyf.offset + glyf.length)),
      position,
    );
    position += (length + 3) & ~3;
  }
  locaView.setUint32(glyphCount * 4, position);
  const newHead = font.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, recomputed below
  headView.setInt16(50, 1); // indexToLocFormat: long

  const replaced: Record<string, Uint8Array> = { glyf: newGlyf, loca: newLoca, head: newHead };
  const sorted = tables
    .map(({ tag, offset, length }) => ({
      tag,
      data: replaced[tag] ?? font.subarray(offset, offset + length),
    }))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const headerLength = 12 + sorted.length * 16;
  let total = headerLength;
  for (const { data } of sorted) total += (data.byteLength + 3) & ~3;
  const out = new Uint8Array(total);
  const outView = new DataView(out.buffer);
  out.set(font.subarray(0, 12));
  let offset = headerLength;
  let headOffset = 0;
  sorted.forEach(({ tag, data }, index) => {
    const record = 12 + index * 16;
    for (let i = 0; i < 4; i++) outView.setUint8(record + i, tag.charCodeAt(i));
    outView.setUint32(record + 4, checksum(data));
    outView.setUint32(record + 8, offset);
    outView.setUint32(record + 12, data.byteLength);
    out.set(data, offset);
    if (tag === 'head') headOffset = offset;
    offset += (data.byteLength + 3) & ~3;
  });
  outView.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
