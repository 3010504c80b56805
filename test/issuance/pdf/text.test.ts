import { builtinFace, scriptOf } from '../../../src/modules/issuance/pdf/fonts';
import { loadShaper } from '../../../src/modules/issuance/pdf/shaper';
import {
  bidiLevels,
  CLUSTER_CONTINUATION,
  shapeText,
} from '../../../src/modules/issuance/pdf/text';

beforeAll(() => loadShaper());

const regular = { custom: null, bold: false };
const bold = { custom: null, bold: true };

describe('scriptOf', () => {
  it.each([
    ['a', 'latin'],
    ['Ж', 'latin'],
    ['Σ', 'latin'],
    ['م', 'arabic'],
    ['،', 'arabic'],
    ['李', 'cjk'],
    ['こ', 'cjk'],
    ['。', 'cjk'],
    ['한', 'korean'],
    ['ש', 'hebrew'],
    ['क', 'devanagari'],
    ['ক', 'bengali'],
    ['த', 'tamil'],
    ['ก', 'thai'],
    ['ქ', 'georgian'],
    ['Ա', 'armenian'],
    ['አ', 'ethiopic'],
    [' ', null],
    ['7', null],
    ['-', null],
  ])('%j → %s', (char, script) => {
    expect(scriptOf(char)).toBe(script);
  });
});

describe('bidiLevels', () => {
  it.each([
    ['abc', [0, 0, 0]],
    ['محمد', [1, 1, 1, 1]],
    ['ab مح', [0, 0, 0, 1, 1]],
    ['مح ab', [1, 1, 1, 2, 2]],
    ['مح 12', [1, 1, 1, 2, 2]],
    ['ab 12', [0, 0, 0, 0, 0]],
    ['ab مح 12', [0, 0, 0, 1, 1, 1, 2, 2]],
    ['مح 1.5', [1, 1, 1, 2, 2, 2]],
    ['(مح)', [1, 1, 1, 1]],
  ])('%j → %j', (text, levels) => {
    expect(bidiLevels(Array.from(text))).toEqual(levels);
  });
});

describe('shapeText', () => {
  it.each([
    ['Zoë Ångström', 'latin'],
    ['Иван Петров', 'latin'],
    ['Σωκράτης', 'latin'],
    ['李小龙', 'cjk'],
    ['김민준', 'korean'],
    ['محمد علي', 'arabic'],
    ['דוד כהן', 'hebrew'],
    ['प्रिया शर्मा', 'devanagari'],
    ['สมชาย ใจดี', 'thai'],
  ] as const)('shapes %s with the %s font and no missing glyph', (name, script) => {
    const line = shapeText(name, bold);
    expect(line.runs.map((run) => run.face.key)).toEqual([builtinFace(script, true).key]);
    const glyphIds = line.runs.flatMap((run) => run.glyphs.map((glyph) => glyph.id));
    expect(glyphIds.length).toBeGreaterThan(0);
    expect(glyphIds).not.toContain(0);
    expect(line.em).toBeGreaterThan(0);
  });

  describe('Arabic "محمد علي"', () => {
    const name = 'محمد علي';
    const line = (): ReturnType<typeof shapeText> => shapeText(name, regular);
    const face = (): ReturnType<typeof builtinFace> => builtinFace('arabic', false);
    const texts = (): string[] =>
      line().runs[0].glyphs.flatMap((glyph) =>
        glyph.text === CLUSTER_CONTINUATION ? [] : [glyph.text],
      );

    it('is one right-to-left run in the Arabic font', () => {
      expect(line().runs).toHaveLength(1);
      expect(line().runs[0].direction).toBe('rtl');
      expect(line().runs[0].face).toBe(face());
    });

    it('is laid out right to left: the glyphs read left to right give the name backwards', () => {
      expect(texts().join('')).toBe(Array.from(name).reverse().join(''));
    });

    it('is joined: every letter uses a contextual form, not its isolated glyph', () => {
      const [run] = line().runs;
      const letters = run.glyphs.filter(
        (glyph) => glyph.text !== CLUSTER_CONTINUATION && glyph.text !== ' ',
      );
      expect(letters).toHaveLength(7);
      for (const glyph of letters) {
        const isolated = face().font.glyphForCodePoint(glyph.text.codePointAt(0) ?? 0);
        expect(glyph.id).not.toBe(isolated.id);
      }
    });

    it('keeps Latin digits left to right inside right-to-left text', () => {
      const date = shapeText('23 نوفمبر 2026', regular);
      const text = date.runs
        .map((r) =>
          r.glyphs
            .filter((glyph) => glyph.text !== CLUSTER_CONTINUATION)
            .map((glyph) => glyph.text)
            .join(''),
        )
        .join('');
      // Visual order: the year at the left, the day at the right, each read left to right.
      expect(text.startsWith('2026')).toBe(true);
      expect(text.endsWith('23')).toBe(true);
    });
  });

  it('forms Devanagari conjuncts and reorders the short i before its consonant', () => {
    const face = builtinFace('devanagari', false);
    const [run] = shapeText('प्रि', regular).runs;
    const pa = face.font.glyphForCodePoint(0x092a).id;
    const ra = face.font.glyphForCodePoint(0x0930).id;
    const iSign = face.font.glyphForCodePoint(0x093f).id;
    const ids = run.glyphs.map((glyph) => glyph.id);
    expect(ids).toHaveLength(2); // the conjunct प्र and the vowel sign
    expect(ids).not.toContain(pa);
    expect(ids).not.toContain(ra);
    expect(ids[0]).not.toBe(iSign); // a contextual form of ि, drawn first
    const extracted = run.glyphs.map((glyph) => glyph.text + (glyph.carrier ?? '')).join('');
    expect(extracted.replaceAll(CLUSTER_CONTINUATION, '')).toBe('प्रि');
  });

  it('fails with the characters when no font has them', () => {
    expect(() => shapeText('Ann ᚠ\u{1F600}', regular)).toThrow(
      /no certificate font can show "ᚠ" \(U\+16A0\), "😀" \(U\+1F600\)/u,
    );
  });

  it('falls back to a built-in font for characters a custom font lacks', () => {
    const custom = builtinFace('arabic', false); // has Arabic and Latin, no Han
    const line = shapeText('Ali 李', { custom, bold: false });
    expect(line.runs.map((run) => run.face.key)).toEqual([
      custom.key,
      builtinFace('cjk', false).key,
    ]);
  });

  it('sets Latin, Greek and Cyrillic in the serif and other scripts in their sans face', () => {
    const serif = { custom: null, bold: true, family: 'serif' } as const;
    const line = shapeText('Ana Σωκράτης Иван محمد', serif);
    expect(line.runs.map((run) => run.face.key)).toEqual([
      builtinFace('latin', true, 'serif').key,
      builtinFace('arabic', true).key,
    ]);
    expect(builtinFace('latin', true, 'serif').postscriptName).toMatch(/Serif/);
    const glyphIds = line.runs.flatMap((run) => run.glyphs.map((glyph) => glyph.id));
    expect(glyphIds).not.toContain(0);
  });

  it('returns nothing for empty text', () => {
    expect(shapeText('', regular)).toEqual({ runs: [], em: 0 });
  });
});
