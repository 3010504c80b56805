import bidiFactory from 'bidi-js';

import { withoutBidiControls } from '../../../shared/bidi';
import { MissingGlyphError } from './errors';
import { assignFaces, type FontChoice, type FontFace } from './fonts';
import { shapeRun } from './shaper';

/** One glyph of a shaped run, in font units. */
export interface ShapedGlyph {
  /** Glyph id in the run's face (0 never appears: a missing glyph fails the shaping). */
  readonly id: number;
  /**
   * The characters this glyph stands for when text is extracted: a whole cluster (a
   * ligature, a conjunct, a letter with its marks) on its first glyph that advances (reversed in a
   * right-to-left run), CLUSTER_CONTINUATION on the others.
   */
  readonly text: string;
  /**
   * The rest of the cluster's characters, from its first combining mark on, extracted
   * after this glyph through an invisible, zero-width copy of it. Readers take a glyph
   * whose text holds a combining mark for a zero-width mark, which would break a line
   * of left-to-right text (a conjunct, a consonant with its vowel sign) into pieces.
   */
  readonly carrier?: string;
  readonly xAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

/** Glyphs of one face and one direction, in visual (left-to-right) order. */
export interface ShapedRun {
  readonly face: FontFace;
  readonly direction: 'ltr' | 'rtl';
  /** The run's characters in logical order. */
  readonly text: string;
  readonly glyphs: readonly ShapedGlyph[];
  /** Sum of the advances in font units. */
  readonly advance: number;
}

/** A single line of text, shaped and in visual order. */
export interface ShapedLine {
  readonly runs: readonly ShapedRun[];
  /** Width in em (multiply by the font size for points). */
  readonly em: number;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;
const bidi = bidiFactory();

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

/**
 * The embedding level of each character (code point) of a line, by the Unicode
 * Bidirectional Algorithm (bidi-js), the paragraph direction that of the first strong
 * character.
 */
export function bidiLevels(chars: readonly string[]): number[] {
  const text = chars.join('');
  const { levels } = bidi.getEmbeddingLevels(text);
  const result: number[] = [];
  let offset = 0;
  for (const char of chars) {
    result.push(levels[offset]);
    offset += char.length;
  }
  return result;
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
 * Splits a line by font and bidi level (Unicode Bidirectional Algorithm), shapes
 * each run with HarfBuzz (joining, conjuncts, reordering, marks, kerning,
 * ligatures) and returns the runs in visual order. Throws a MissingGlyphError
 * naming the characters when a character has no glyph in any font or shaping
 * leaves a .notdef glyph: a text is never drawn as boxes. The shaper must be
 * loaded (loadShaper). Shaping is where most of a render's
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

const COMBINING_MARK = /\p{Mn}/u;

/** Characters that have no glyph of their own to show (joiners, selectors, isolates). */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

function missing(chars: Iterable<string>): never {
  throw new MissingGlyphError([...new Set(chars)]);
}

/**
 * What a glyph that continues a cluster (the consonant after a reordered vowel sign, the
 * second part of a split vowel) extracts as: WORD JOINER, a format character that text
 * extraction drops, so the cluster's text is given once.
 */
export const CLUSTER_CONTINUATION = '\u2060';

/**
 * Glyphs of one run, each cluster's characters on the first glyph drawn for it that
 * advances. Readers
 * take a page's glyphs as visual order and turn right-to-left text back into logical
 * order, so in a right-to-left run a cluster's characters are given reversed.
 */
function shapeLogicalRun(run: LogicalRun): ShapedRun {
  const rtl = run.level % 2 === 1;
  const shaped = shapeRun(run.face, run.text, rtl);
  const starts = [...new Set(shaped.map((glyph) => glyph.cluster))].sort((a, b) => a - b);
  const clusterEnd = new Map(starts.map((start, i) => [start, starts[i + 1] ?? run.text.length]));
  const clusterText = (cluster: number): string => run.text.slice(cluster, clusterEnd.get(cluster));
  const notdef = shaped.filter((glyph) => glyph.id === 0);
  if (notdef.length > 0) {
    missing(
      notdef.flatMap((glyph) =>
        Array.from(clusterText(glyph.cluster)).filter(
          (char) => !IGNORABLE.test(char) && !run.face.hasGlyph(char.codePointAt(0) ?? 0),
        ),
      ),
    );
  }
  // A cluster's text goes on its first glyph that advances (a base, not a mark placed on it).
  const bearer = new Map<number, number>();
  shaped.forEach((glyph, index) => {
    const current = bearer.get(glyph.cluster);
    if (current === undefined || (shaped[current].xAdvance === 0 && glyph.xAdvance !== 0)) {
      bearer.set(glyph.cluster, index);
    }
  });
  let advance = 0;
  const glyphs = shaped.map((glyph, index): ShapedGlyph => {
    advance += glyph.xAdvance;
    let text = CLUSTER_CONTINUATION;
    let carrier: string | undefined;
    if (bearer.get(glyph.cluster) === index) {
      text = clusterText(glyph.cluster);
      if (rtl) text = Array.from(text).reverse().join('');
      const mark = glyph.xAdvance !== 0 && !rtl ? text.search(COMBINING_MARK) : -1;
      if (mark > 0) {
        carrier = text.slice(mark);
        text = text.slice(0, mark);
      }
    }
    return {
      id: glyph.id,
      text,
      ...(carrier === undefined ? {} : { carrier }),
      xAdvance: glyph.xAdvance,
      xOffset: glyph.xOffset,
      yOffset: glyph.yOffset,
    };
  });
  return { face: run.face, direction: rtl ? 'rtl' : 'ltr', text: run.text, glyphs, advance };
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
  const uncovered = chars.filter(
    (char, i) => !IGNORABLE.test(char) && !faces[i].hasGlyph(char.codePointAt(0) ?? 0),
  );
  if (uncovered.length > 0) missing(uncovered);
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
  const runs = reorder(logical).map(shapeLogicalRun);
  const em = runs.reduce((sum, run) => sum + run.advance / run.face.unitsPerEm, 0);
  return { runs, em };
}
