import type { Glyph, GlyphPosition } from '@pdf-lib/fontkit';

import { assignFaces, type FontChoice, type FontFace } from './fonts';

/** Glyphs of one face and one direction, in visual (left-to-right) order. */
export interface ShapedRun {
  readonly face: FontFace;
  readonly direction: 'ltr' | 'rtl';
  readonly glyphs: readonly Glyph[];
  readonly positions: readonly GlyphPosition[];
  /** Sum of the advances in font units. */
  readonly advance: number;
}

/** A single line of text, shaped and in visual order. */
export interface ShapedLine {
  readonly runs: readonly ShapedRun[];
  /** Width in em (multiply by the font size for points). */
  readonly em: number;
}

type BidiType = 'L' | 'R' | 'EN' | 'AN' | 'ON';

const MARK = /\p{M}/u;
const DIGIT = /\p{Nd}/u;
const LETTER = /\p{L}/u;
const RTL_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Samaritan}\p{Script=Mandaic}]/u;
const ARABIC_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/u;
const NUMBER_SEPARATOR = /^[.,:/\u066b\u066c\u00a0 ]$/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;

function classify(char: string): BidiType | 'NSM' {
  if (char === '\u200f' || char === '\u061c') return 'R';
  if (char === '\u200e') return 'L';
  if (MARK.test(char)) return 'NSM';
  if (DIGIT.test(char)) return ARABIC_DIGIT.test(char) ? 'AN' : 'EN';
  if (LETTER.test(char)) return RTL_LETTER.test(char) ? 'R' : 'L';
  return 'ON';
}

/**
 * Embedding levels for one line: a reduced Unicode Bidirectional Algorithm
 * (no explicit embeddings or isolates) that covers names and titles mixing
 * right-to-left letters, left-to-right letters and numbers. The paragraph
 * direction is that of the first strong character.
 */
export function bidiLevels(chars: readonly string[]): number[] {
  const types: BidiType[] = [];
  let previous: BidiType | null = null;
  for (const char of chars) {
    const type = classify(char);
    const resolved: BidiType = type === 'NSM' ? (previous ?? 'ON') : type;
    types.push(resolved);
    previous = resolved;
  }
  const first = types.find((type) => type === 'L' || type === 'R');
  const paragraph = first === 'R' ? 1 : 0;
  const sos: BidiType = paragraph ? 'R' : 'L';

  // W2, W7: numbers after right-to-left letters read as Arabic numbers,
  // numbers after left-to-right letters (or at the start of an LTR line) as L.
  let lastStrong: BidiType = sos;
  for (let i = 0; i < types.length; i++) {
    const type = types[i];
    if (type === 'L' || type === 'R') lastStrong = type;
    else if (type === 'EN') types[i] = lastStrong === 'R' ? 'AN' : lastStrong === 'L' ? 'L' : 'EN';
  }
  // W4: a single separator between two numbers of one kind joins them.
  for (let i = 1; i < types.length - 1; i++) {
    if (
      types[i] === 'ON' &&
      NUMBER_SEPARATOR.test(chars[i]) &&
      types[i - 1] === types[i + 1] &&
      (types[i - 1] === 'AN' || types[i - 1] === 'EN')
    ) {
      types[i] = types[i - 1];
    }
  }
  // N1, N2: neutrals between two runs of one direction take it; others the paragraph's.
  const direction = (type: BidiType): 'L' | 'R' => (type === 'L' ? 'L' : 'R');
  for (let i = 0; i < types.length; i++) {
    if (types[i] !== 'ON') continue;
    let end = i;
    while (end < types.length && types[end] === 'ON') end++;
    const before = i > 0 ? direction(types[i - 1]) : direction(sos);
    const after = end < types.length ? direction(types[end]) : direction(sos);
    const resolved: BidiType = before === after ? before : sos;
    for (let j = i; j < end; j++) types[j] = resolved;
    i = end - 1;
  }
  // I1, I2.
  return types.map((type) => {
    if (type === 'R') return 1;
    if (type === 'L') return paragraph ? 2 : 0;
    return 2; // numbers
  });
}

interface LogicalRun {
  readonly text: string;
  readonly face: FontFace;
  readonly level: number;
}

/** L2: reverses runs from the highest level down to the lowest odd level. */
function reorder<T extends { readonly level: number }>(runs: readonly T[]): T[] {
  const result = [...runs];
  if (result.length === 0) return result;
  const levels = result.map((run) => run.level);
  const highest = Math.max(...levels);
  const lowestOdd = Math.min(...levels.filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < result.length; i++) {
      if (result[i].level < level) continue;
      let end = i;
      while (end < result.length && result[end].level >= level) end++;
      const reversed = result.slice(i, end).reverse();
      result.splice(i, end - i, ...reversed);
      i = end;
    }
  }
  return result;
}

const SHAPE_CACHE_LIMIT = 512;
const shapeCache = new Map<string, ShapedLine>();

/**
 * Splits a line by font and direction, shapes each run with fontkit
 * (ligatures, Arabic joining, kerning and mark positioning from GSUB/GPOS)
 * and returns the runs in visual order. Shaping is where most of a render's
 * time goes, and titles, dates and fixed phrases repeat from one credential
 * to the next, so recent lines are kept.
 */
export function shapeText(text: string, choice: FontChoice): ShapedLine {
  const key = `${choice.custom?.key ?? ''}|${choice.bold ? 'b' : 'r'}|${text}`;
  const cached = shapeCache.get(key);
  if (cached) return cached;
  const line = shapeUncached(text, choice);
  shapeCache.set(key, line);
  if (shapeCache.size > SHAPE_CACHE_LIMIT) {
    const oldest = shapeCache.keys().next().value;
    if (oldest !== undefined) shapeCache.delete(oldest);
  }
  return line;
}

function shapeUncached(text: string, choice: FontChoice): ShapedLine {
  const chars = Array.from(text.replace(CONTROL, ' '));
  if (chars.length === 0) return { runs: [], em: 0 };
  const faces = assignFaces(chars, choice);
  const levels = bidiLevels(chars);
  const logical: LogicalRun[] = [];
  let start = 0;
  for (let i = 1; i <= chars.length; i++) {
    if (i === chars.length || faces[i] !== faces[start] || levels[i] !== levels[start]) {
      logical.push({
        text: chars.slice(start, i).join(''),
        face: faces[start],
        level: levels[start],
      });
      start = i;
    }
  }
  let em = 0;
  const runs = reorder(logical).map((run): ShapedRun => {
    const direction = run.level % 2 === 1 ? 'rtl' : 'ltr';
    const laidOut = run.face.font.layout(run.text, undefined, undefined, undefined, direction);
    let glyphs = laidOut.glyphs;
    let positions = laidOut.positions;
    if (direction === 'rtl' && !run.face.reversesRtl) {
      glyphs = [...glyphs].reverse();
      positions = [...positions].reverse();
    }
    const advance = positions.reduce((sum, position) => sum + position.xAdvance, 0);
    em += advance / run.face.unitsPerEm;
    return { face: run.face, direction, glyphs, positions, advance };
  });
  return { runs, em };
}
