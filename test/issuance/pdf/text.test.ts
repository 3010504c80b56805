import { builtinFace, scriptOf } from '../../../src/modules/issuance/pdf/fonts';
import { bidiLevels, shapeText } from '../../../src/modules/issuance/pdf/text';

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
    const line = shapeText(name, regular);
    const [run] = line.runs;
    const face = builtinFace('arabic', false);

    it('is one right-to-left run in the Arabic font', () => {
      expect(line.runs).toHaveLength(1);
      expect(run.direction).toBe('rtl');
      expect(run.face).toBe(face);
    });

    it('maps no glyph to .notdef', () => {
      for (const glyph of run.glyphs) expect(glyph.id).not.toBe(0);
    });

    it('is laid out right to left: the glyphs read left to right give the name backwards', () => {
      const visual = run.glyphs.flatMap((glyph) => glyph.codePoints);
      expect(String.fromCodePoint(...visual)).toBe(Array.from(name).reverse().join(''));
    });

    it('is joined: every letter uses a contextual form, not its isolated glyph', () => {
      const letters = run.glyphs.filter((glyph) => glyph.codePoints.length > 0);
      const joining = letters.filter((glyph) => glyph.codePoints[0] !== 0x20);
      expect(joining).toHaveLength(7);
      for (const glyph of joining) {
        const isolated = face.font.glyphForCodePoint(glyph.codePoints[0]);
        expect(glyph.id).not.toBe(isolated.id);
      }
    });

    it('keeps Latin digits left to right inside right-to-left text', () => {
      const date = shapeText('23 نوفمبر 2026', regular);
      const text = date.runs
        .map((r) => String.fromCodePoint(...r.glyphs.flatMap((glyph) => glyph.codePoints)))
        .join('');
      // Visual order: the year at the left, the day at the right, each read left to right.
      expect(text.startsWith('2026')).toBe(true);
      expect(text.endsWith('23')).toBe(true);
    });
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
