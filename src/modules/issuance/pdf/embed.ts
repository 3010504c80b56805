import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFName, PDFString, type PDFContext, type PDFRef } from 'pdf-lib';

import type { FontFace, FontkitSubset } from './fonts';
import type { ShapedGlyph } from './text';

/** pdf-lib's (unexported) literal dictionary type, as `PDFContext.stream` takes it. */
type StreamDict = NonNullable<Parameters<PDFContext['stream']>[1]>;

/** Deflates with Node's zlib (pdf-lib's own pure-JS deflate is several times slower). */
export function deflatedStream(
  context: PDFContext,
  contents: Uint8Array | string,
  dict: StreamDict = {},
): PDFRef {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
  return context.register(context.stream(deflateSync(bytes), { ...dict, Filter: 'FlateDecode' }));
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function utf16Hex(text: string): string {
  return text
    .split('')
    .map((unit) => hex4(unit.charCodeAt(0)))
    .join('');
}

function encodeSubset(subset: FontkitSubset): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    const stream = subset.encodeStream();
    stream.on('data', (chunk: Uint8Array) => parts.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

/**
 * One face embedded in one document as a subset: a Type0 font with Identity-H
 * encoding and a ToUnicode map so text can be extracted and searched.
 *
 * The ToUnicode map gives each character code one string, but after shaping one
 * glyph can stand for different text (a vowel sign drawn before its consonant, a
 * glyph that is part of a conjunct here and alone there), and its advance can differ
 * from its default width (kerning, marks). So for TrueType faces a code is given to
 * each (glyph, text, advance) and a CIDToGIDMap points the codes at the subset's
 * glyphs: /W holds the shaped advance and readers that track positions glyph by glyph
 * see no backward moves. For CFF faces (whose CIDs are their glyph ids) the default
 * width is kept and the first text a glyph is drawn with.
 */
export class EmbeddedFont {
  readonly ref: PDFRef;
  readonly resourceName: PDFName;
  private readonly subset: FontkitSubset;
  /** By character code: its width, its subset glyph id and its text. */
  private readonly widths: number[] = [];
  private readonly subsetIds: number[] = [0];
  private readonly unicode = new Map<number, string>();
  private readonly codes = new Map<string, number>();
  private readonly scale: number;

  constructor(
    private readonly context: PDFContext,
    readonly face: FontFace,
    index: number,
  ) {
    this.ref = context.nextRef();
    this.resourceName = PDFName.of(`LaurelF${index}`);
    this.subset = face.font.createSubset();
    this.scale = 1000 / face.unitsPerEm;
    this.widths[0] = this.glyphWidth(0);
  }

  private glyphWidth(glyphId: number): number {
    return Math.round(this.face.font.getGlyph(glyphId).advanceWidth * this.scale);
  }

  /** Width of a character code in thousandths of an em, as written in /W. */
  width(code: number): number {
    return this.widths[code];
  }

  /** Adds a glyph to the subset and returns its character code in this font. */
  include(glyph: ShapedGlyph): number {
    const cff = this.face.isCff;
    const key = cff ? `${glyph.id}` : `${glyph.id}|${glyph.xAdvance}|${glyph.text}`;
    let code = this.codes.get(key);
    if (code === undefined) {
      const subsetId = this.subset.includeGlyph(glyph.id);
      code = cff ? subsetId : this.subsetIds.length;
      this.codes.set(key, code);
      this.subsetIds[code] = subsetId;
      this.widths[code] = cff
        ? this.glyphWidth(glyph.id)
        : Math.round(glyph.xAdvance * this.scale * 1000) / 1000;
    }
    if (!this.unicode.has(code)) this.unicode.set(code, glyph.text);
    return code;
  }

  /** Character code → subset glyph id, two bytes each (TrueType faces). */
  private cidToGidMap(): Uint8Array {
    const map = new Uint8Array(this.subsetIds.length * 2);
    const view = new DataView(map.buffer);
    this.subsetIds.forEach((id, code) => view.setUint16(code * 2, id ?? 0));
    return map;
  }

  async write(): Promise<void> {
    const context = this.context;
    const face = this.face;
    const font = face.font;
    const fontBytes = await encodeSubset(this.subset);
    const tag = createHash('sha1')
      .update(face.key)
      .update(this.widths.join(','))
      .update(fontBytes)
      .digest()
      .subarray(0, 6)
      .reduce((name, byte) => name + String.fromCharCode(65 + (byte % 26)), '');
    const baseFont = `${tag}+${face.postscriptName.replace(/[^!-~]|[()<>[\]{}/%#]/g, '')}`;

    const fontFile = deflatedStream(
      context,
      fontBytes,
      face.isCff ? { Subtype: 'CIDFontType0C' } : { Length1: fontBytes.length },
    );
    const scale = this.scale;
    const familyClass = font['OS/2']?.sFamilyClass ?? 0;
    const serif = [1, 2, 3, 4, 5, 7].includes(familyClass >> 8);
    const flags =
      (font.post.isFixedPitch ? 1 : 0) |
      (serif ? 2 : 0) |
      4 | // symbolic: glyphs are addressed by id, not a standard encoding
      (font.head.macStyle.italic ? 64 : 0);
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: flags,
        FontBBox: [
          font.bbox.minX * scale,
          font.bbox.minY * scale,
          font.bbox.maxX * scale,
          font.bbox.maxY * scale,
        ].map(Math.round),
        ItalicAngle: font.italicAngle,
        Ascent: Math.round(font.ascent * scale),
        Descent: Math.round(font.descent * scale),
        CapHeight: Math.round((font.capHeight || font.ascent) * scale),
        XHeight: Math.round((font.xHeight || 0) * scale),
        StemV: 0,
        [face.isCff ? 'FontFile3' : 'FontFile2']: fontFile,
      }),
    );
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: face.isCff ? 'CIDFontType0' : 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: {
          Registry: PDFString.of('Adobe'),
          Ordering: PDFString.of('Identity'),
          Supplement: 0,
        },
        FontDescriptor: descriptor,
        W: [0, Array.from(this.widths, (width) => width ?? 0)],
        ...(face.isCff ? {} : { CIDToGIDMap: deflatedStream(context, this.cidToGidMap()) }),
      }),
    );
    context.assign(
      this.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: deflatedStream(context, this.toUnicodeCMap()),
      }),
    );
  }

  private toUnicodeCMap(): string {
    const entries = [...this.unicode.entries()].sort(([a], [b]) => a - b);
    const blocks: string[] = [];
    for (let i = 0; i < entries.length; i += 100) {
      const block = entries.slice(i, i + 100);
      blocks.push(
        `${block.length} beginbfchar\n` +
          block.map(([code, text]) => `<${hex4(code)}> <${utf16Hex(text)}>`).join('\n') +
          '\nendbfchar\n',
      );
    }
    return (
      '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
      '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
      '1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n' +
      blocks.join('') +
      'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n'
    );
  }
}

/** The fonts of one document, one subset per face. */
export class DocumentFonts {
  private readonly fonts = new Map<string, EmbeddedFont>();

  constructor(private readonly context: PDFContext) {}

  for(face: FontFace): EmbeddedFont {
    let font = this.fonts.get(face.key);
    if (!font) {
      font = new EmbeddedFont(this.context, face, this.fonts.size + 1);
      this.fonts.set(face.key, font);
    }
    return font;
  }

  async writeAll(): Promise<void> {
    await Promise.all([...this.fonts.values()].map((font) => font.write()));
  }
}
