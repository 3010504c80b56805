import { readFile } from 'node:fs/promises';
import { TemplateError } from '../../../src/modules/issuance/pdf/errors';
import { parseTemplate, templateAssetSlugs } from '../../../src/modules/issuance/pdf/template';

function fieldOf(json: unknown): string | undefined {
  try {
    parseTemplate(json);
  } catch (error) {
    if (error instanceof TemplateError) return error.field;
    throw error;
  }
  return undefined;
}

describe('parseTemplate', () => {
  it('accepts the full shape and keeps what was given', () => {
    const template = parseTemplate({
      asset: 'diploma-2026',
      defaults: { font: 'sans', size: 14, color: '#333', uppercase: false },
      elements: {
        name: { page: 2, y: 300, size: 36, font: 'script-font', color: '#9B192A', maxWidth: 400 },
        context: { page: 2, x: 72, y: 250, text: 'for {context}' },
        configuration: false,
        date: { y: 200, uppercase: true },
        verificationUrl: { y: 40, size: 8 },
        qr: { page: 2, x: 700, y: 40, size: 72, color: '#000000' },
        custom: [{ y: 100, text: 'Awarded to {name}', font: 'sans-bold' }],
      },
    });
    expect(template).toEqual({
      asset: 'diploma-2026',
      defaults: { font: 'sans', size: 14, color: '#333', uppercase: false },
      elements: {
        name: { page: 2, y: 300, size: 36, font: 'script-font', color: '#9B192A', maxWidth: 400 },
        context: { page: 2, x: 72, y: 250, text: 'for {context}' },
        configuration: false,
        date: { y: 200, uppercase: true },
        verificationUrl: { y: 40, size: 8 },
        qr: { page: 2, x: 700, y: 40, size: 72, color: '#000000' },
        custom: [{ y: 100, text: 'Awarded to {name}', font: 'sans-bold' }],
      },
    });
  });

  it.each([
    ['an empty object', {}],
    ['a null asset', { asset: null }],
    ['elements without y over the built-in layout', { elements: { name: { size: 20 } } }],
    ['JSON text', '{"asset":null,"elements":{"qr":false}}'],
  ])('accepts %s', (_label, json) => {
    expect(fieldOf(json)).toBeUndefined();
  });

  it('defaults to the built-in layout with no custom elements', () => {
    expect(parseTemplate({})).toEqual({ asset: null, defaults: {}, elements: { custom: [] } });
  });

  it.each([
    ['not an object', 42, 'template'],
    ['an array', [], 'template'],
    ['invalid JSON text', '{', 'template'],
    ['an unknown top-level key', { assets: 'x' }, 'template.assets'],
    ['a bad asset slug', { asset: 'no spaces please' }, 'template.asset'],
    ['a non-string asset', { asset: 12 }, 'template.asset'],
    ['an unknown defaults key', { defaults: { weight: 700 } }, 'template.defaults.weight'],
    ['a negative default size', { defaults: { size: -1 } }, 'template.defaults.size'],
    ['an invalid default colour', { defaults: { color: '#12' } }, 'template.defaults.color'],
    ['an unknown element', { elements: { signature: {} } }, 'template.elements.signature'],
    ['an element that is true', { elements: { name: true } }, 'template.elements.name'],
    [
      'an unknown element key',
      { elements: { name: { bold: true } } },
      'template.elements.name.bold',
    ],
    ['a negative size', { elements: { name: { size: -12 } } }, 'template.elements.name.size'],
    ['a zero size', { elements: { context: { size: 0 } } }, 'template.elements.context.size'],
    ['a string size', { elements: { name: { size: '12' } } }, 'template.elements.name.size'],
    ['a negative x', { elements: { date: { x: -5 } } }, 'template.elements.date.x'],
    [
      'an unknown alignment',
      { elements: { date: { align: 'middle' } } },
      'template.elements.date.align',
    ],
    [
      'an alignment on the QR code',
      { elements: { qr: { align: 'center' } } },
      'template.elements.qr.align',
    ],
    ['an infinite y', { elements: { date: { y: Infinity } } }, 'template.elements.date.y'],
    ['page 0', { elements: { name: { page: 0 } } }, 'template.elements.name.page'],
    ['a fractional page', { elements: { name: { page: 1.5 } } }, 'template.elements.name.page'],
    ['a bad colour', { elements: { name: { color: '#12' } } }, 'template.elements.name.color'],
    [
      'a non-boolean uppercase',
      { elements: { name: { uppercase: 'yes' } } },
      'template.elements.name.uppercase',
    ],
    [
      'a negative maxWidth',
      { elements: { name: { maxWidth: -1 } } },
      'template.elements.name.maxWidth',
    ],
    ['a non-string text', { elements: { name: { text: 5 } } }, 'template.elements.name.text'],
    [
      'a bad font name',
      { elements: { name: { font: 'My Font!' } } },
      'template.elements.name.font',
    ],
    [
      'a font key on the QR code',
      { elements: { qr: { font: 'sans' } } },
      'template.elements.qr.font',
    ],
    ['a negative QR size', { elements: { qr: { size: -10 } } }, 'template.elements.qr.size'],
    ['custom that is not an array', { elements: { custom: {} } }, 'template.elements.custom'],
    [
      'a custom element without text',
      { elements: { custom: [{ y: 10 }] } },
      'template.elements.custom.0.text',
    ],
    [
      'a custom element without y',
      { elements: { custom: [{ y: 1, text: 'a' }, { text: 'b' }] } },
      'template.elements.custom.1.y',
    ],
    [
      'a custom element with a bad colour',
      { elements: { custom: [{ y: 1, text: 'a', color: 'red' }] } },
      'template.elements.custom.0.color',
    ],
    [
      'an asset template element without y',
      { asset: 'tpl', elements: { name: { x: 10 } } },
      'template.elements.name.y',
    ],
    [
      'an asset template QR code without y',
      { asset: 'tpl', elements: { qr: { size: 50 } } },
      'template.elements.qr.y',
    ],
  ])('rejects %s, naming %s', (_label, json, field) => {
    expect(fieldOf(json)).toBe(field);
  });

  it('throws TemplateError with the BAD_USER_INPUT code and the field in the message', () => {
    expect(() => parseTemplate({ elements: { name: { size: -1 } } })).toThrow(
      expect.objectContaining({
        name: 'TemplateError',
        code: 'BAD_USER_INPUT',
        field: 'template.elements.name.size',
        message: expect.stringContaining('template.elements.name.size') as unknown,
      }) as Error,
    );
  });
});

describe('templateAssetSlugs', () => {
  it('lists the template PDF and every non-built-in font once', () => {
    const template = parseTemplate({
      asset: 'diploma',
      defaults: { font: 'serif-asset' },
      elements: {
        name: { y: 10, font: 'script' },
        context: { y: 20, font: 'sans-bold' },
        date: { y: 30, font: 'script' },
        custom: [{ y: 40, text: 'x', font: 'mono' }],
      },
    });
    expect(templateAssetSlugs(template).sort()).toEqual([
      'diploma',
      'mono',
      'script',
      'serif-asset',
    ]);
  });

  it('is empty for the built-in template with built-in fonts', () => {
    expect(templateAssetSlugs(parseTemplate({ defaults: { font: 'sans' } }))).toEqual([]);
  });
});

describe('the README template example', () => {
  it('is a valid template naming its asset', async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### PDF templates'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(json).toBeDefined();
    const template = parseTemplate(JSON.parse(json!));
    expect(templateAssetSlugs(template)).toEqual(['diploma']);
  });
});
