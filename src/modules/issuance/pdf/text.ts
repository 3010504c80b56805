import type { Glyph, GlyphPosition } from '@pdf-lib/fontkit';

import { withoutBidiControls } from '../../../shared/bidi';
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

const ISOLATE_INITIATOR = /^[\u2066-\u2068]$/u;
const POP_ISOLATE = '\u2069';
const FIRST_STRONG_ISOLATE = '\u2068';
const EMBEDDINGS_AND_OVERRIDES = /[\u202a-\u202e]/gu;
const ISOLATE_CONTROL = /^[\u2066-\u2069]$/u;

/**
 * Text from outside (a learner's name, a course title) made safe to lay out inside a
 * sentence: its own directional controls are dropped, and it is wrapped in an isolate
 * (FSI … PDI) so its direction cannot reorder the text around it.
 */
export function isolateText(text: string): string {
  return `${FIRST_STRONG_ISOLATE}${withoutBidiControls(text)}${POP_ISOLATE}`;
}

/** Top-level isolates as [initiator, matching PDI or line end) index ranges. */
function isolateSpans(chars: readonly string[]): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let start = 0;
  chars.forEach((char, i) => {
    if (ISOLATE_INITIATOR.test(char)) {
      if (depth === 0) start = i;
      depth++;
    } else if (char === POP_ISOLATE && depth > 0) {
      depth--;
      if (depth === 0) spans.push({ start, end: i + 1 });
    }
  });
  if (depth > 0) spans.push({ start, end: chars.length });
  return spans;
}

function strongDirection(types: readonly BidiType[]): 0 | 1 | null {
  const first = types.find((type) => type === 'L' || type === 'R');
  return first === undefined ? null : first === 'R' ? 1 : 0;
}

/** Resolves the types of one isolating run sequence at `embedding` (its parity is sos/eos). */
function resolveSequence(chars: readonly string[], types: BidiType[], embedding: number): number[] {
  const sos: BidiType = embedding % 2 === 1 ? 'R' : 'L';
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
  // N1, N2: neutrals between two runs of one direction take it; others the embedding's.
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
  const odd = embedding % 2 === 1;
  return types.map((type) => {
    if (type === 'R') return odd ? embedding : embedding + 1;
    if (type === 'L') return odd ? embedding + 1 : embedding;
    return odd ? embedding + 1 : embedding + 2; // numbers
  });
}

/**
 * Levels of `chars` at `embedding` (null: a paragraph, its direction that of the first
 * strong character). Each isolate is a neutral in this sequence and is resolved on its
 * own one level up (X5c, X6a, BD13): its content cannot move the text around it.
 */
function levelsAt(chars: readonly string[], embedding: number | null): number[] {
  const spans = isolateSpans(chars);
  const outer: string[] = [];
  const outerIndex: number[] = []; // the outer position of each char (an isolate shares one)
  let next = 0;
  for (const span of spans) {
    for (; next < span.start; next++) {
      outerIndex.push(outer.length);
      outer.push(chars[next]);
    }
    for (; next < span.end; next++) outerIndex.push(outer.length);
    outer.push(FIRST_STRONG_ISOLATE); // classified ON
  }
  for (; next < chars.length; next++) {
    outerIndex.push(outer.length);
    outer.push(chars[next]);
  }

  const types: BidiType[] = [];
  let previous: BidiType | null = null;
  for (const char of outer) {
    const type = classify(char);
    const resolved: BidiType = type === 'NSM' ? (previous ?? 'ON') : type;
    types.push(resolved);
    previous = resolved;
  }
  const level = embedding ?? strongDirection(types) ?? 0;
  const outerLevels = resolveSequence(outer, types, level);
  const levels = outerIndex.map((index) => outerLevels[index]);

  for (const { start, end } of spans) {
    const closed = chars[end - 1] === POP_ISOLATE && end - 1 > start;
    const inner = chars.slice(start + 1, closed ? end - 1 : end);
    const innerTypes = inner.map(classify);
    const rtl =
      chars[start] === '\u2067' ||
      (chars[start] === FIRST_STRONG_ISOLATE &&
        strongDirection(innerTypes.map((t) => (t === 'NSM' ? 'ON' : t))) === 1);
    // X5a-c: the least level above this one with the isolate's direction.
    const isolateLevel = rtl ? (level + 1) | 1 : (level + 2) & ~1;
    levelsAt(inner, isolateLevel).forEach((innerLevel, i) => {
      levels[start + 1 + i] = innerLevel;
    });
  }
  return levels;
}

/**
 * Embedding levels for one line: a reduced Unicode Bidirectional Algorithm that covers
 * names and titles mixing right-to-left letters, left-to-right letters and numbers, with
 * isolates (LRI, RLI, FSI … PDI) but no explicit embeddings or overrides (shapeText drops
 * those). The paragraph direction is that of the first strong character.
 */
export function bidiLevels(chars: readonly string[]): number[] {
  return levelsAt(chars, null);
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
  const key = `${choice.custom?.key ?? ''}|${choice.family ?? 'sans'}|${choice.bold ? 'b' : 'r'}|${text}`;
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
  const all = Array.from(text.replace(CONTROL, ' ').replace(EMBEDDINGS_AND_OVERRIDES, ''));
  const allLevels = bidiLevels(all);
  // Isolate controls shape the levels and are not drawn.
  const kept = all.flatMap((char, i) => (ISOLATE_CONTROL.test(char) ? [] : [i]));
  const chars = kept.map((i) => all[i]);
  const levels = kept.map((i) => allLevels[i]);
  if (chars.length === 0) return { runs: [], em: 0 };
  const faces = assignFaces(chars, choice);
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
