import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { create as createFontkitFont, type Glyph, type GlyphPosition } from '@pdf-lib/fontkit';

import { TemplateError } from './errors';
import { padTrueTypeGlyphs } from './sfnt';

/**
 * The parts of a fontkit font this module uses. The package's own typings
 * leave out the metrics, the table directory and layout's script/direction
 * arguments, so the parsed font is viewed through this interface.
 */
export interface FontkitFont {
  readonly postscriptName: string | null;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly numGlyphs: number;
  readonly directory: { tables: Record<string, unknown> };
  readonly cff?: unknown;
  readonly 'OS/2'?: { sFamilyClass: number };
  readonly head: { macStyle: { italic: boolean } };
  readonly post: { isFixedPitch: boolean };
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): Glyph;
  getGlyph(glyphId: number, codePoints?: number[]): Glyph;
  layout(
    text: string,
    features?: string[],
    script?: string,
    language?: string,
    direction?: 'ltr' | 'rtl',
  ): { glyphs: Glyph[]; positions: GlyphPosition[] };
  createSubset(): FontkitSubset;
}

export interface FontkitSubset {
  includeGlyph(glyph: number | Glyph): number;
  encodeStream(): {
    on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
  };
}

/** A parsed font, shared by every document rendered in this process. */
export interface FontFace {
  /** Stable identity: `builtin:<name>` or `sha256:<hex of the bytes>`. */
  readonly key: string;
  /** The sfnt bytes (TrueType or OpenType) HarfBuzz shapes with. */
  readonly bytes: Uint8Array;
  readonly font: FontkitFont;
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly isCff: boolean;
  hasGlyph(codePoint: number): boolean;
}

/** Script families the built-in fonts are chosen by. */
export const FONT_SCRIPTS = [
  'latin',
  'hebrew',
  'arabic',
  'devanagari',
  'bengali',
  'tamil',
  'thai',
  'georgian',
  'armenian',
  'ethiopic',
  'cjk',
  'korean',
] as const;
export type FontScript = (typeof FONT_SCRIPTS)[number];

/** Built-in families: a clean text face and a display serif (for the learner's name). */
export type FontFamily = 'sans' | 'serif';

type BuiltinFaceName = `${FontScript | 'serif'}-${'regular' | 'bold'}`;

/** The npm package and file stem of each script's Noto Sans face. */
const SANS_FILES: Record<FontScript, readonly [string, string]> = {
  latin: ['noto-sans', 'NotoSans'],
  hebrew: ['noto-sans-hebrew', 'NotoSansHebrew'],
  arabic: ['noto-sans-arabic', 'NotoSansArabic'],
  devanagari: ['noto-sans-devanagari', 'NotoSansDevanagari'],
  bengali: ['noto-sans-bengali', 'NotoSansBengali'],
  tamil: ['noto-sans-tamil', 'NotoSansTamil'],
  thai: ['noto-sans-thai', 'NotoSansThai'],
  georgian: ['noto-sans-georgian', 'NotoSansGeorgian'],
  armenian: ['noto-sans-armenian', 'NotoSansArmenian'],
  ethiopic: ['noto-sans-ethiopic', 'NotoSansEthiopic'],
  cjk: ['noto-sans-sc', 'NotoSansSC'], // Simplified Chinese, with Japanese kana
  korean: ['noto-sans-kr', 'NotoSansKR'],
};

/**
 * Built-in font files: Noto Sans for each script and Noto Serif Display (SIL
 * Open Font License 1.1), TrueType from npm. The serif covers Latin, Greek and
 * Cyrillic; other scripts use their sans face.
 */
function builtinFile(name: BuiltinFaceName): string {
  const [family, weight] = name.split('-') as [FontScript | 'serif', 'regular' | 'bold'];
  const style = weight === 'bold' ? '700Bold' : '400Regular';
  const [pkg, stem] =
    family === 'serif' ? ['noto-serif-display', 'NotoSerifDisplay'] : SANS_FILES[family];
  return `@expo-google-fonts/${pkg}/${style}/${stem}_${style}.ttf`;
}

/** Fallback order when a face lacks a character: the character's script first, then the rest. */
function fallbacks(script: FontScript): readonly FontScript[] {
  const order: FontScript[] = [script];
  if (script === 'cjk') order.push('korean');
  if (script === 'korean') order.push('cjk');
  for (const other of FONT_SCRIPTS) if (!order.includes(other)) order.push(other);
  return order;
}

const FALLBACKS = Object.fromEntries(
  FONT_SCRIPTS.map((script) => [script, fallbacks(script)]),
) as Record<FontScript, readonly FontScript[]>;

function toFace(key: string, bytes: Uint8Array, font: FontkitFont): FontFace {
  const glyphCache = new Map<number, boolean>();
  const tables = font.directory.tables;
  return {
    key,
    bytes,
    font,
    postscriptName: font.postscriptName ?? 'Font',
    unitsPerEm: font.unitsPerEm,
    isCff: Boolean(tables['CFF '] ?? tables.CFF2),
    hasGlyph(codePoint: number): boolean {
      let has = glyphCache.get(codePoint);
      if (has === undefined) {
        has = font.hasGlyphForCodePoint(codePoint);
        glyphCache.set(codePoint, has);
      }
      return has;
    },
  };
}

/** The font with its glyphs padded (sfnt.ts) and parsed; HarfBuzz and fontkit share the bytes. */
function parseFont(original: Uint8Array): { bytes: Uint8Array; font: FontkitFont } {
  const bytes = padTrueTypeGlyphs(original);
  const parsed = createFontkitFont(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  ) as unknown as Partial<FontkitFont>;
  // A font collection (.ttc) parses to an object without layout().
  if (typeof parsed.layout !== 'function' || typeof parsed.createSubset !== 'function') {
    throw new Error('font collections are not supported');
  }
  return { bytes, font: parsed as FontkitFont };
}

const builtinFaces = new Map<BuiltinFaceName, FontFace>();

/**
 * The built-in face for a script and family; parsed once per process. The
 * serif family has a face of its own for Latin (with Greek and Cyrillic) only.
 */
export function builtinFace(
  script: FontScript,
  bold: boolean,
  family: FontFamily = 'sans',
): FontFace {
  const weight = bold ? 'bold' : 'regular';
  const name: BuiltinFaceName =
    family === 'serif' && script === 'latin' ? `serif-${weight}` : `${script}-${weight}`;
  let face = builtinFaces.get(name);
  if (!face) {
    const parsed = parseFont(readFileSync(require.resolve(builtinFile(name))));
    face = toFace(`builtin:${name}`, parsed.bytes, parsed.font);
    builtinFaces.set(name, face);
  }
  return face;
}

/** Parses every built-in font ahead of the first render (e.g. at worker start). */
export function preloadBuiltinFonts(): void {
  for (const script of FONT_SCRIPTS) {
    builtinFace(script, false);
    builtinFace(script, true);
  }
  builtinFace('latin', false, 'serif');
  builtinFace('latin', true, 'serif');
}

const CUSTOM_FACE_LIMIT = 8;
const customFaces = new Map<string, FontFace>();

/**
 * A face for uploaded font bytes (TTF, OTF, WOFF or WOFF2), cached by content
 * hash so a bulk issuance parses each font once. Throws a TemplateError naming
 * `field` when the bytes are not a usable font.
 */
export function customFace(bytes: Uint8Array, field: string): FontFace {
  const key = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  let face = customFaces.get(key);
  if (face) {
    customFaces.delete(key); // keep the most recently used last
    customFaces.set(key, face);
    return face;
  }
  try {
    const parsed = parseFont(bytes);
    face = toFace(key, parsed.bytes, parsed.font);
  } catch (error) {
    throw new TemplateError(field, `not a usable font (${(error as Error).message})`);
  }
  customFaces.set(key, face);
  if (customFaces.size > CUSTOM_FACE_LIMIT) {
    const oldest = customFaces.keys().next().value;
    if (oldest !== undefined) customFaces.delete(oldest);
  }
  return face;
}

/** Characters of each non-Latin script family, by Unicode script (with extensions for Arabic). */
const SCRIPT_PATTERNS: readonly (readonly [FontScript, RegExp])[] = [
  ['arabic', /\p{Script_Extensions=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['bengali', /\p{Script=Bengali}/u],
  ['tamil', /\p{Script=Tamil}/u],
  ['thai', /\p{Script=Thai}/u],
  ['georgian', /\p{Script=Georgian}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['ethiopic', /\p{Script=Ethiopic}/u],
  ['korean', /\p{Script=Hangul}/u],
  [
    'cjk',
    /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Bopomofo}\u3000-\u303f\uff00-\uffef]/u,
  ],
];
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
const ASCII_LETTER = /^[A-Za-z]$/;

/** The script family of a character, or null when it belongs to none (digits, spaces, punctuation). */
export function scriptOf(char: string): FontScript | null {
  if (ASCII_LETTER.test(char)) return 'latin';
  for (const [script, pattern] of SCRIPT_PATTERNS) if (pattern.test(char)) return script;
  if (NEUTRAL.test(char)) return null;
  return 'latin'; // Latin, Greek, Cyrillic, and scripts no built-in covers
}

/** Which fonts a text element asks for: an uploaded face first, then the built-ins. */
export interface FontChoice {
  readonly custom: FontFace | null;
  readonly bold: boolean;
  /** Built-in family; absent: sans. */
  readonly family?: FontFamily;
}

/**
 * Picks a face for each character: the uploaded font when it has the glyph,
 * else the built-in for the character's script, else any built-in that has it.
 * Characters of no script (spaces, digits, punctuation, combining marks) stay
 * in the face of the text around them when it has their glyph.
 */
export function assignFaces(chars: readonly string[], choice: FontChoice): FontFace[] {
  const faces = new Array<FontFace | null>(chars.length).fill(null);
  const best = (char: string, script: FontScript | null): FontFace => {
    const codePoint = char.codePointAt(0) ?? 0;
    if (choice.custom?.hasGlyph(codePoint)) return choice.custom;
    for (const candidate of FALLBACKS[script ?? 'latin']) {
      const face = builtinFace(candidate, choice.bold, choice.family);
      if (face.hasGlyph(codePoint)) return face;
    }
    return choice.custom ?? builtinFace(script ?? 'latin', choice.bold, choice.family);
  };
  chars.forEach((char, index) => {
    const script = scriptOf(char);
    if (script !== null) faces[index] = best(char, script);
  });
  chars.forEach((char, index) => {
    if (faces[index] !== null) return;
    const codePoint = char.codePointAt(0) ?? 0;
    const before = faces
      .slice(0, index)
      .reverse()
      .find((face) => face !== null);
    const after = faces.slice(index + 1).find((face) => face !== null);
    for (const neighbour of [before, after]) {
      if (neighbour?.hasGlyph(codePoint)) {
        faces[index] = neighbour;
        return;
      }
    }
    faces[index] = best(char, null);
  });
  return faces as FontFace[];
}
