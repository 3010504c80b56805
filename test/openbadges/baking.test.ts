import {
  bakePng,
  bakeSvg,
  BakingError,
  extractBakedCredential,
  extractFromPng,
  extractFromSvg,
} from '../../src/modules/openbadges/baking';
import { tinyPng } from '../sharing/helpers';

const credential = JSON.stringify({
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Ünïcödé ]]> & <tags> 名前',
});

describe('PNG baking', () => {
  it('round-trips the credential through an iTXt chunk before IEND', () => {
    const baked = bakePng(tinyPng(), credential);
    expect(extractFromPng(baked)).toBe(credential);
    expect(extractBakedCredential(baked)).toBe(credential);
    const text = baked.toString('latin1');
    expect(text.indexOf('iTXtopenbadgecredential')).toBeGreaterThan(text.indexOf('IDAT'));
    expect(text.indexOf('iTXtopenbadgecredential')).toBeLessThan(text.indexOf('IEND'));
  });

  it('leaves an image a PNG decoder still reads', async () => {
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const image = await loadImage(bakePng(tinyPng(), credential));
    const canvas = createCanvas(2, 2);
    canvas.getContext('2d').drawImage(image, 0, 0);
    expect(image.width).toBe(2);
  });

  it('replaces a credential baked before instead of adding a second one', () => {
    const twice = bakePng(bakePng(tinyPng(), '{"first":true}'), credential);
    expect(twice.toString('latin1').split('openbadgecredential').length).toBe(2);
    expect(extractFromPng(twice)).toBe(credential);
  });

  it('answers null for an unbaked PNG and refuses what is not a PNG', () => {
    expect(extractFromPng(tinyPng())).toBeNull();
    expect(() => bakePng(Buffer.from('GIF89a'), credential)).toThrow(BakingError);
    expect(() => extractFromPng(tinyPng().subarray(0, 30))).toThrow(BakingError);
  });
});

describe('SVG baking', () => {
  const svg =
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

  it('round-trips the credential, CDATA terminators and all', () => {
    const baked = bakeSvg(svg, credential);
    expect(baked).toContain('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
    expect(baked).toMatch(/<svg[^>]*><openbadges:credential><!\[CDATA\[/);
    expect(extractFromSvg(baked)).toBe(credential);
    expect(extractBakedCredential(Buffer.from(baked))).toBe(credential);
  });

  it('bakes a self-closing root and re-bakes without duplicating', () => {
    const baked = bakeSvg(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', '{}'), credential);
    expect(baked.match(/openbadges:credential>/g)).toHaveLength(2);
    expect(baked.endsWith('</svg>')).toBe(true);
    expect(extractFromSvg(baked)).toBe(credential);
  });

  it('reads entity-escaped text as well as CDATA', () => {
    const escaped =
      '<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>{"a":"&lt;&amp;&#x41;&#66;"}</openbadges:credential></svg>';
    expect(extractFromSvg(escaped)).toBe('{"a":"<&AB"}');
    expect(extractFromSvg(svg)).toBeNull();
    expect(() => extractBakedCredential(Buffer.from('plain text'))).toThrow(BakingError);
  });

  it('leaves an out-of-range or unknown reference as it is instead of failing', () => {
    const odd =
      '<svg><openbadges:credential>{"a":"&#x110000;&nope;&amp"}</openbadges:credential></svg>';
    expect(extractFromSvg(odd)).toBe('{"a":"&#x110000;&nope;&amp"}');
  });

  it('refuses an unclosed credential element or CDATA section', () => {
    expect(() => extractFromSvg('<svg><openbadges:credential>{}')).toThrow(BakingError);
    expect(() =>
      extractFromSvg('<svg><openbadges:credential><![CDATA[{}</openbadges:credential></svg>'),
    ).toThrow(BakingError);
  });

  // Anyone may upload a file to be extracted: pathological input must not take quadratic time.
  it.each([
    ['unterminated <svg tags', '<svg '.repeat(200_000)],
    ['unclosed credential elements', `<svg>${'<openbadges:credential>'.repeat(45_000)}`],
    ['unterminated credential tags', `<svg>${'<openbadges:credential '.repeat(45_000)}`],
    [
      'unterminated CDATA sections',
      `<svg><openbadges:credential>${'<![CDATA['.repeat(100_000)}</openbadges:credential>`,
    ],
    [
      'ampersands',
      `<svg><openbadges:credential>${'&'.repeat(1_000_000)}</openbadges:credential></svg>`,
    ],
  ])('reads a megabyte of %s in well under a second', (_label, input) => {
    const started = performance.now();
    try {
      extractBakedCredential(Buffer.from(input));
    } catch (error) {
      expect(error).toBeInstanceOf(BakingError);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});
