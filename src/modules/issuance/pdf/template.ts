import { parseColor } from './color';
import { TemplateError } from './errors';
import {
  expectObject,
  type JsonObject,
  optionalBoolean,
  optionalNumber,
  optionalOneOf,
  optionalString,
  rejectUnknownKeys,
} from './template-json';

/**
 * Credential PDF template, as stored on a credential configuration.
 *
 * Coordinates are PDF points (1/72 in) from the bottom-left corner of the page;
 * `y` is the text baseline (for `qr`, the bottom edge of the code). `x` is the
 * left edge of a line, or its centre or right edge with `align` `center` or `right`;
 * without `x` the element is centred horizontally on the page.
 * `page` is 1-based. `maxWidth` shrinks the font size until the text fits.
 *
 * Without an `asset` the built-in certificate layout is used and elements
 * given here are merged over its elements. With an `asset` (a template PDF)
 * only the elements given are drawn and each needs a `y`.
 */
export interface CredentialTemplate {
  readonly asset: string | null;
  /** The built-in certificate's page; absent: A4 landscape. Not with an asset. */
  readonly page?: TemplatePage;
  readonly defaults: TemplateDefaults;
  readonly elements: TemplateElements;
}

export const TEMPLATE_PAGE_SIZES = ['A4', 'LETTER'] as const;
export const TEMPLATE_ORIENTATIONS = ['landscape', 'portrait'] as const;

export interface TemplatePage {
  readonly size: (typeof TEMPLATE_PAGE_SIZES)[number];
  readonly orientation: (typeof TEMPLATE_ORIENTATIONS)[number];
}

export interface TemplateDefaults {
  readonly font?: string;
  readonly size?: number;
  readonly color?: string;
  readonly uppercase?: boolean;
}

export const TEXT_ALIGNMENTS = ['left', 'center', 'right'] as const;
export type TextAlign = (typeof TEXT_ALIGNMENTS)[number];

export interface TextElement {
  readonly page?: number;
  readonly x?: number;
  /** Which point of the line `x` is; default `left`. */
  readonly align?: TextAlign;
  readonly y?: number;
  readonly size?: number;
  readonly font?: string;
  readonly color?: string;
  readonly uppercase?: boolean;
  readonly maxWidth?: number;
  /** Overrides the element's own text; may contain placeholders. */
  readonly text?: string;
}

export interface CustomTextElement extends TextElement {
  readonly text: string;
  readonly y: number;
}

export interface QrElement {
  readonly page?: number;
  readonly x?: number;
  readonly y?: number;
  /** Side of the code in points (without its quiet zone). */
  readonly size?: number;
  /** Colour of the dark modules. */
  readonly color?: string;
}

export const STANDARD_TEXT_ELEMENTS = [
  'name',
  'context',
  'configuration',
  'date',
  'verificationUrl',
] as const;

export type StandardTextElementName = (typeof STANDARD_TEXT_ELEMENTS)[number];

export type TemplateElements = {
  readonly [K in StandardTextElementName]?: TextElement | false;
} & {
  readonly qr?: QrElement | false;
  readonly custom: readonly CustomTextElement[];
};

/** Fonts that need no asset. Any other font name is an asset slug. */
export const BUILTIN_FONTS = ['sans', 'sans-bold', 'serif', 'serif-bold'] as const;
export type BuiltinFontName = (typeof BUILTIN_FONTS)[number];

export function isBuiltinFont(font: string): font is BuiltinFontName {
  return (BUILTIN_FONTS as readonly string[]).includes(font);
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_COORDINATE = 14400; // the largest page side PDF readers support, in points
const MAX_FONT_SIZE = 1000;
const MAX_PAGE = 10000;
const MAX_TEXT_LENGTH = 2000;
const MAX_CUSTOM_ELEMENTS = 100;

function optionalColor(object: JsonObject, key: string, field: string): string | undefined {
  const value = optionalString(object, key, field, 16);
  if (value !== undefined) parseColor(value, `${field}.${key}`);
  return value;
}

function optionalFont(object: JsonObject, key: string, field: string): string | undefined {
  const value = optionalString(object, key, field, 128);
  if (value !== undefined && !isBuiltinFont(value) && !SLUG.test(value)) {
    throw new TemplateError(
      `${field}.${key}`,
      `must be a built-in font (${BUILTIN_FONTS.join(', ')}) or an asset slug`,
    );
  }
  return value;
}

const POSITION = { min: 0, max: MAX_COORDINATE };
const SIZE = { min: 0, max: MAX_FONT_SIZE, exclusiveMin: true };
const WIDTH = { min: 0, max: MAX_COORDINATE, exclusiveMin: true };
const PAGE = { min: 1, max: MAX_PAGE, integer: true };

const TEXT_ELEMENT_KEYS = [
  'page',
  'x',
  'align',
  'y',
  'size',
  'font',
  'color',
  'uppercase',
  'maxWidth',
  'text',
] as const;
const QR_ELEMENT_KEYS = ['page', 'x', 'y', 'size', 'color'] as const;

function withoutUndefined<T extends object>(object: T): T {
  for (const key of Object.keys(object) as (keyof T)[]) {
    if (object[key] === undefined) delete object[key];
  }
  return object;
}

function parseTextElement(value: unknown, field: string, needsY: boolean): TextElement {
  const object = expectObject(value, field);
  rejectUnknownKeys(object, TEXT_ELEMENT_KEYS, field);
  const element = withoutUndefined<TextElement>({
    page: optionalNumber(object, 'page', field, PAGE),
    x: optionalNumber(object, 'x', field, POSITION),
    align: optionalOneOf(object, 'align', field, TEXT_ALIGNMENTS),
    y: optionalNumber(object, 'y', field, POSITION),
    size: optionalNumber(object, 'size', field, SIZE),
    font: optionalFont(object, 'font', field),
    color: optionalColor(object, 'color', field),
    uppercase: optionalBoolean(object, 'uppercase', field),
    maxWidth: optionalNumber(object, 'maxWidth', field, WIDTH),
    text: optionalString(object, 'text', field, MAX_TEXT_LENGTH),
  });
  if (needsY && element.y === undefined) {
    throw new TemplateError(`${field}.y`, 'is required when the template has an asset');
  }
  return element;
}

function parseQrElement(value: unknown, field: string, needsY: boolean): QrElement {
  const object = expectObject(value, field);
  rejectUnknownKeys(object, QR_ELEMENT_KEYS, field);
  const element = withoutUndefined<QrElement>({
    page: optionalNumber(object, 'page', field, PAGE),
    x: optionalNumber(object, 'x', field, POSITION),
    y: optionalNumber(object, 'y', field, POSITION),
    size: optionalNumber(object, 'size', field, {
      min: 0,
      max: MAX_COORDINATE,
      exclusiveMin: true,
    }),
    color: optionalColor(object, 'color', field),
  });
  if (needsY && element.y === undefined) {
    throw new TemplateError(`${field}.y`, 'is required when the template has an asset');
  }
  return element;
}

function parseDefaults(value: unknown, field: string): TemplateDefaults {
  if (value === undefined || value === null) return {};
  const object = expectObject(value, field);
  rejectUnknownKeys(object, ['font', 'size', 'color', 'uppercase'], field);
  return withoutUndefined<TemplateDefaults>({
    font: optionalFont(object, 'font', field),
    size: optionalNumber(object, 'size', field, SIZE),
    color: optionalColor(object, 'color', field),
    uppercase: optionalBoolean(object, 'uppercase', field),
  });
}

function parseElements(value: unknown, field: string, hasAsset: boolean): TemplateElements {
  if (value === undefined || value === null) return { custom: [] };
  const object = expectObject(value, field);
  rejectUnknownKeys(object, [...STANDARD_TEXT_ELEMENTS, 'qr', 'custom'], field);
  const elements: {
    -readonly [K in StandardTextElementName]?: TextElement | false;
  } & { qr?: QrElement | false; custom: CustomTextElement[] } = { custom: [] };
  for (const name of STANDARD_TEXT_ELEMENTS) {
    const element = object[name];
    if (element === undefined) continue;
    elements[name] =
      element === false ? false : parseTextElement(element, `${field}.${name}`, hasAsset);
  }
  if (object.qr !== undefined) {
    elements.qr = object.qr === false ? false : parseQrElement(object.qr, `${field}.qr`, hasAsset);
  }
  const custom = object.custom;
  if (custom !== undefined && custom !== null) {
    if (!Array.isArray(custom)) throw new TemplateError(`${field}.custom`, 'must be an array');
    if (custom.length > MAX_CUSTOM_ELEMENTS) {
      throw new TemplateError(`${field}.custom`, `at most ${MAX_CUSTOM_ELEMENTS} elements`);
    }
    custom.forEach((item: unknown, index) => {
      const path = `${field}.custom.${index}`;
      const element = parseTextElement(item, path, true);
      if (element.text === undefined) throw new TemplateError(`${path}.text`, 'is required');
      if (element.y === undefined) throw new TemplateError(`${path}.y`, 'is required');
      elements.custom.push({ ...element, text: element.text, y: element.y });
    });
  }
  return elements;
}

function parsePage(value: unknown, field: string, hasAsset: boolean): TemplatePage | null {
  if (value === undefined || value === null) return null;
  if (hasAsset) {
    throw new TemplateError(
      field,
      'applies to the built-in certificate only (a template PDF has its own pages)',
    );
  }
  const object = expectObject(value, field);
  rejectUnknownKeys(object, ['size', 'orientation'], field);
  return {
    size: optionalOneOf(object, 'size', field, TEMPLATE_PAGE_SIZES) ?? 'A4',
    orientation: optionalOneOf(object, 'orientation', field, TEMPLATE_ORIENTATIONS) ?? 'landscape',
  };
}

/**
 * Validates template JSON (an object, or a string holding one) and returns it
 * typed. Throws a TemplateError naming the first offending field, with paths
 * rooted at `template` (e.g. `template.elements.name.color`).
 */
export function parseTemplate(json: unknown, field = 'template'): CredentialTemplate {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new TemplateError(field, 'is not valid JSON');
    }
  }
  const object = expectObject(value, field);
  rejectUnknownKeys(object, ['asset', 'page', 'defaults', 'elements'], field);
  let asset: string | null = null;
  if (object.asset !== undefined && object.asset !== null) {
    if (typeof object.asset !== 'string' || !SLUG.test(object.asset)) {
      throw new TemplateError(`${field}.asset`, 'must be an asset slug or null');
    }
    asset = object.asset;
  }
  const page = parsePage(object.page, `${field}.page`, asset !== null);
  return {
    asset,
    ...(page ? { page } : {}),
    defaults: parseDefaults(object.defaults, `${field}.defaults`),
    elements: parseElements(object.elements, `${field}.elements`, asset !== null),
  };
}

/** How a missing page is told, at save and at render alike. */
export function missingPageMessage(page: number, pageCount: number): string {
  return `page ${page} does not exist (the template has ${pageCount} page${pageCount === 1 ? '' : 's'})`;
}

/**
 * Each element placed on a page beyond `pageCount` (the template PDF's pages, or 1 for
 * the built-in layout), as the path of its `page` field and a message naming the count.
 */
export function pageProblems(
  template: CredentialTemplate,
  pageCount: number,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const check = (field: string, element: { readonly page?: number } | false | undefined) => {
    if (element && element.page !== undefined && element.page > pageCount) {
      problems.push({
        field: `${field}.page`,
        message: missingPageMessage(element.page, pageCount),
      });
    }
  };
  for (const name of STANDARD_TEXT_ELEMENTS)
    check(`template.elements.${name}`, template.elements[name]);
  check('template.elements.qr', template.elements.qr);
  template.elements.custom.forEach((element, index) =>
    check(`template.elements.custom.${index}`, element),
  );
  return problems;
}

/**
 * Every asset slug a template refers to (the template PDF and any non-built-in
 * font), each once, so a caller can reject unknown slugs when saving.
 */
export function templateAssetSlugs(template: CredentialTemplate): string[] {
  const slugs = new Set<string>();
  if (template.asset !== null) slugs.add(template.asset);
  const addFont = (font: string | undefined): void => {
    if (font !== undefined && !isBuiltinFont(font)) slugs.add(font);
  };
  addFont(template.defaults.font);
  for (const name of STANDARD_TEXT_ELEMENTS) {
    const element = template.elements[name];
    if (element) addFont(element.font);
  }
  for (const element of template.elements.custom) addFont(element.font);
  return [...slugs];
}
