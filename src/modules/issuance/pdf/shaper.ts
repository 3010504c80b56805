/**
 * HarfBuzz (compiled to WebAssembly, the harfbuzzjs package) shapes each run of text: the
 * OpenType rules of every script (Arabic joining, Indic conjuncts and vowel reordering, Thai
 * and Hebrew marks, kerning, ligatures). The module is ESM-only and instantiates its wasm when
 * imported, so it is loaded once per process or render thread with import().
 */
import type { FontFace } from './fonts';

type HarfBuzz = typeof import('harfbuzzjs', { with: { 'resolution-mode': 'import' } });
type HbFont = InstanceType<HarfBuzz['Font']>;
type HbBuffer = InstanceType<HarfBuzz['Buffer']>;

let loading: Promise<HarfBuzz> | undefined;
let loaded: { hb: HarfBuzz; buffer: HbBuffer } | undefined;

/** Loads HarfBuzz once; every render awaits it before shaping. */
export async function loadShaper(): Promise<void> {
  if (loaded) return;
  loading ??= import('harfbuzzjs');
  try {
    const hb = await loading;
    loaded ??= { hb, buffer: new hb.Buffer() };
  } catch (error) {
    loading = undefined;
    throw error;
  }
}

function harfbuzz(): { hb: HarfBuzz; buffer: HbBuffer } {
  if (!loaded) throw new Error('The text shaper is not loaded (await loadShaper() first)');
  return loaded;
}

const fonts = new WeakMap<FontFace, HbFont>();

/** The HarfBuzz font of a face, made once per face (its scale is the face's units per em). */
function hbFont(face: FontFace): HbFont {
  let font = fonts.get(face);
  if (!font) {
    const { hb } = harfbuzz();
    font = new hb.Font(new hb.Face(new hb.Blob(face.bytes)));
    fonts.set(face, font);
  }
  return font;
}

/** One glyph as HarfBuzz placed it, in font units. */
export interface HbGlyph {
  readonly id: number;
  /** UTF-16 index of the first character of the glyph's cluster in the run's text. */
  readonly cluster: number;
  readonly xAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
}

/**
 * Shapes one run (one face, one direction) and returns its glyphs in visual (left-to-right)
 * order. Script and language are guessed from the text, as HarfBuzz does for a single run.
 */
export function shapeRun(face: FontFace, text: string, rtl: boolean): HbGlyph[] {
  const { hb, buffer } = harfbuzz();
  buffer.reset();
  buffer.addText(text);
  buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR);
  buffer.guessSegmentProperties();
  hb.shape(hbFont(face), buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  return infos.map((info, index) => ({
    id: info.codepoint,
    cluster: info.cluster,
    xAdvance: positions[index].xAdvance,
    xOffset: positions[index].xOffset,
    yOffset: positions[index].yOffset,
  }));
}
