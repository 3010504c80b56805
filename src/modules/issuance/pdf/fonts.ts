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
  readonly font: FontkitFont;
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly isCff: boolean;
  /** fontkit reverses right-to-left runs itself only through its OpenType engine. */
  readonly reversesRtl: boolean;
  hasGlyph(codePoint: number): boolean;
}

/** Script families the built-in fonts are chosen by. */
export type FontScript = 'latin' | 'arabic' | 'cjk' | 'korean';

/** Built-in families: a clean text face and a display serif (for the learner's name). */
export type FontFamily = 'sans' | 'serif';

type BuiltinFaceName = `${FontScript}-${'regular' | 'bold'}` | `serif-${'regular' | 'bold'}`;

/**
 * Built-in font files: Noto Sans and Noto Serif Display (SIL Open Font License
 * 1.1), from npm. The serif covers Latin, Greek and Cyrillic; other scripts use
 * their sans face.
 */
const BUILTIN_FILES: Record<BuiltinFaceName, string> = {
  'serif-regular':
    '@expo-google-fonts/noto-serif-display/400Regular/NotoSerifDisplay_400Regular.ttf',
  'serif-bold': '@expo-google-fonts/noto-serif-display/700Bold/NotoSerifDisplay_700Bold.ttf',
  'latin-regular': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'latin-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  'arabic-regular': '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  'arabic-bold': '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  'cjk-regular': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'cjk-bold': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  'korean-regular': '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  'korean-bold': '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
};

/** Fallback order when a face lacks a character, by the character's script. */
const FALLBACKS: Record<FontScript, readonly FontScript[]> = {
  latin: ['latin', 'arabic', 'cjk', 'korean'],
  arabic: ['arabic', 'latin', 'cjk', 'korean'],
  cjk: ['cjk', 'korean', 'latin', 'arabic'],
  korean: ['korean', 'cjk', 'latin', 'arabic'],
};

function toFace(key: string, font: FontkitFont): FontFace {
  const glyphCache = new Map<number, boolean>();
  const tables = font.directory.tables;
  return {
    key,
    font,
    postscriptName: font.postscriptName ?? 'Font',
    unitsPerEm: font.unitsPerEm,
    isCff: Boolean(tables['CFF '] ?? tables.CFF2),
    reversesRtl: !tables.morx && Boolean(tables.GSUB ?? tables.GPOS),
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

function parseFont(bytes: Uint8Array): FontkitFont {
  const parsed = createFontkitFont(padTrueTypeGlyphs(bytes)) as unknown as Partial<FontkitFont>;
  // A font collection (.ttc) parses to an object without layout().
  if (typeof parsed.layout !== 'function' || typeof parsed.createSubset !== 'function') {
    throw new Error('font collections are not supported');
  }
  return parsed as FontkitFont;
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
    const bytes = readFileSync(require.resolve(BUILTIN_FILES[name]));
    face = toFace(`builtin:${name}`, parseFont(bytes));
    builtinFaces.set(name, face);
  }
  return face;
}

/** Parses every built-in font ahead of the first render (e.g. at worker start). */
export function preloadBuiltinFonts(): void {
  for (const script of ['latin', 'arabic', 'cjk', 'korean'] as const) {
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
    face = toFace(key, parseFont(bytes));
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

const ARABIC = /\p{Script_Extensions=Arabic}/u;
const HANGUL = /\p{Script=Hangul}/u;
const CJK =
  /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** The script family of a character, or null when it belongs to none (digits, spaces, punctuation). */
export function scriptOf(char: string): FontScript | null {
  if (ARABIC.test(char)) return 'arabic';
  if (HANGUL.test(char)) return 'korean';
  if (CJK.test(char)) return 'cjk';
  if (NEUTRAL.test(char)) return null;
  return 'latin';
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
