import { renderCredentialPdf } from '../../../src/modules/issuance/pdf/render';
import { parseTemplate } from '../../../src/modules/issuance/pdf/template';
import { bidiLevels, isolateText } from '../../../src/modules/issuance/pdf/text';
import { readPdf } from './pdf-reader';

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * One line of text over the built-in layout, as its glyphs' characters in drawing order
 * (left to right; a right-to-left run's letters come last letter first).
 */
async function renderLine(text: string, learnerName: string): Promise<string> {
  const bytes = await renderCredentialPdf({
    learnerName,
    contextTitle: 'Cryptography',
    configurationName: 'Certificate',
    issuedAt: new Date('2026-11-23T15:30:00Z'),
    locale: 'en',
    verificationId: 'V7K2-9QXP-4M3T',
    verificationUrl: 'https://laurel.example.org/verify/V7K2-9QXP-4M3T',
    template: parseTemplate({
      elements: {
        name: false,
        context: false,
        configuration: false,
        date: false,
        verificationUrl: false,
        qr: false,
        custom: [{ text, y: 300, x: 50 }],
      },
    }),
    loadAsset: (slug) => Promise.reject(new Error(`unexpected asset ${slug}`)),
  });
  const pdf = await readPdf(bytes);
  try {
    const glyphs = (await pdf.glyphs(1)).flat();
    expect(glyphs.filter((glyph) => glyph.code === 0)).toEqual([]);
    const drawn = glyphs.map((glyph) => glyph.unicode).join('');
    // The custom element is drawn last, after the built-in layout's own phrases.
    return drawn.slice(drawn.lastIndexOf('Awarded to'));
  } finally {
    await pdf.destroy();
  }
}

describe('bidiLevels with isolates', () => {
  it.each([
    // An RTL name followed by a number: isolated, the number stays after it.
    ['ab \u2068مح\u2069 12', [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]],
    // Without the isolate the number joins the RTL run.
    ['ab مح 12', [0, 0, 0, 1, 1, 1, 2, 2]],
    // An LTR name inside an RTL sentence sits one even level up.
    ['مح \u2068ab\u2069 س', [1, 1, 1, 1, 2, 2, 1, 1, 1]],
  ])('%j → %j', (text, levels) => {
    expect(bidiLevels(Array.from(text))).toEqual(levels);
  });
});

describe('isolateText', () => {
  it('drops explicit embeddings, overrides and isolates and wraps the text in FSI … PDI', () => {
    expect(isolateText('\u202eEve\u202c \u2067x\u2069\u202a')).toBe('\u2068Eve x\u2069');
  });
});

describe('renderCredentialPdf: names with directional text', () => {
  it('keeps an Arabic name from pulling the number after it into its run', async () => {
    const line = await renderLine('Awarded to {name} 2026', 'محمد');
    expect(line).toBe('Awarded to دمحم 2026');
  });

  it('draws no directional control and lets no override reorder the text around the name', async () => {
    const line = await renderLine(
      'Awarded to {name} on 2026',
      'Eve \u202eevil\u202c \u2067x\u2066 \u202bمح',
    );
    expect(line).not.toMatch(BIDI_CONTROLS);
    expect(line.startsWith('Awarded to Eve evil x')).toBe(true);
    expect(line.endsWith('on 2026')).toBe(true);
  });
});
