import { ParseSpeeds, PDFDocument, type PDFPage } from 'pdf-lib';

import { parseColor, type Rgb } from './color';
import { drawShapedLine, PageContent } from './content';
import { deflatedStream, DocumentFonts } from './embed';
import { MissingGlyphError, TemplateError, UnrenderableTextError } from './errors';
import { customFace, type FontChoice, type FontFace } from './fonts';
import { fillPlaceholders, type PlaceholderValues } from './placeholders';
import { writeMetadata } from './metadata';
import { qrOperators } from './qr';
import {
  isBuiltinFont,
  missingPageMessage,
  STANDARD_TEXT_ELEMENTS,
  type CredentialTemplate,
  type TextElement,
} from './template';
import { loadShaper } from './shaper';
import { isolateText, shapeText, type ShapedLine } from './text';
import { DEFAULT_QR_SIZE, type BuiltinDesign, type LayoutText } from './builtin-layout';
import { designFor } from './design-input';
import { drawDesign } from './draw-design';
import { lineExtent, type PlacedElement, type RenderedCredential } from './layout';
import type { RenderCredentialInput } from './render-input';

export { DEFAULT_PAGE_SIZE } from './builtin-layout';
export type { CredentialLayout, PlacedElement, RenderedCredential } from './layout';
export type { RenderAchievement } from './design-input';
export { NO_ISSUER } from './render-input';
export type { RenderCredentialInput, RenderIssuer, RenderSignatory } from './render-input';

const PRODUCER = 'Laurel';
const FALLBACK_FONT = 'sans';
const FALLBACK_SIZE = 12;
const FALLBACK_COLOR = '#000000';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The issue date as `Intl.DateTimeFormat(locale, { dateStyle: 'long' })` gives it, in UTC. */
export function formatIssueDate(date: Date, locale: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
    }
    if (dateFormats.size >= 256) dateFormats.clear();
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

function toUpper(text: string, locale: string): string {
  try {
    return text.toLocaleUpperCase(locale);
  } catch {
    return text.toUpperCase();
  }
}

interface ResolvedText extends LayoutText {
  readonly field: string;
}

interface ResolvedQr {
  readonly field: string;
  readonly page: number;
  readonly x?: number;
  readonly y: number;
  readonly size: number;
  readonly color: string;
}

/** Merges template elements over the built-in design or takes them alone (template PDF). */
function resolveElements(
  template: CredentialTemplate | null,
  design: BuiltinDesign | null,
): {
  texts: ResolvedText[];
  qr: ResolvedQr | null;
} {
  const defaults = template?.defaults ?? {};
  const elements = template?.elements;
  const builtin = design !== null;
  const texts: ResolvedText[] = [];

  const merge = (
    field: string,
    base: Partial<LayoutText> | null,
    own: TextElement,
  ): ResolvedText | null => {
    const y = own.y ?? base?.y;
    if (y === undefined) return null;
    return {
      field,
      page: own.page ?? base?.page ?? 1,
      x: own.x ?? base?.x,
      // An x of the element's own is its left edge unless it says otherwise.
      align: own.align ?? (own.x === undefined ? base?.align : undefined),
      y,
      // The built-in layout's sizes are part of its design; defaults.size fills only the rest.
      size: own.size ?? base?.size ?? defaults.size ?? FALLBACK_SIZE,
      font: own.font ?? defaults.font ?? base?.font ?? FALLBACK_FONT,
      color: own.color ?? defaults.color ?? base?.color ?? FALLBACK_COLOR,
      uppercase: own.uppercase ?? defaults.uppercase ?? base?.uppercase ?? false,
      maxWidth: own.maxWidth ?? base?.maxWidth,
      text: own.text ?? base?.text ?? '',
      literal: own.text === undefined ? base?.literal : false,
    };
  };

  if (design) {
    for (const phrase of design.phrases) {
      if (phrase.follows && elements?.[phrase.follows] === false) continue;
      const own = phrase.follows ? elements?.[phrase.follows] : undefined;
      const resolved = merge('template', phrase, {
        color: own ? own.color : undefined,
        font: own ? own.font : undefined,
      });
      if (resolved) texts.push(resolved);
    }
  }
  for (const name of STANDARD_TEXT_ELEMENTS) {
    const own = elements?.[name];
    if (own === false) continue;
    if (own === undefined && !builtin) continue;
    // Over a template PDF an element keeps only its text from the built-in layout.
    const base = design ? design.elements[name] : { text: `{${name}}` };
    const resolved = merge(`template.elements.${name}`, base, own ?? {});
    if (resolved) texts.push(resolved);
  }
  elements?.custom.forEach((own, index) => {
    const resolved = merge(`template.elements.custom.${index}`, null, own);
    if (resolved) texts.push(resolved);
  });

  let qr: ResolvedQr | null = null;
  const ownQr = elements?.qr;
  if (ownQr !== false && (ownQr !== undefined || builtin)) {
    const base = design ? design.qr : null;
    const own = ownQr ?? {};
    const size = own.size ?? base?.size ?? DEFAULT_QR_SIZE;
    const y = own.y ?? base?.y;
    if (y !== undefined) {
      qr = {
        field: 'template.elements.qr',
        page: own.page ?? base?.page ?? 1,
        // Without an x of its own a resized built-in code keeps its right edge.
        x: own.x ?? (base ? base.x + base.size - size : undefined),
        y,
        size,
        color: own.color ?? base?.color ?? '#000000',
      };
    }
  }
  return { texts, qr };
}

interface PageBox {
  readonly page: PDFPage;
  readonly left: number;
  readonly bottom: number;
  readonly width: number;
}

function pageBox(pages: readonly PDFPage[], index: number, field: string): PageBox {
  const page = pages[index - 1];
  if (!page) {
    throw new TemplateError(`${field}.page`, missingPageMessage(index, pages.length));
  }
  // Positions are relative to the visible area (the crop box, which defaults to the media box).
  const box = page.getCropBox();
  return { page, left: box.x, bottom: box.y, width: box.width };
}

async function loadTemplatePdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, {
      updateMetadata: false,
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch (error) {
    throw new TemplateError('template.asset', `not a readable PDF (${(error as Error).message})`);
  }
}

/** Where a line of `width` starts: centred on the page, or placed by its x and alignment. */
function leftEdge(element: ResolvedText, width: number, pageWidth: number): number {
  if (element.x === undefined) return (pageWidth - width) / 2;
  if (element.align === 'center') return element.x - width / 2;
  if (element.align === 'right') return element.x - width;
  return element.x;
}

/** What the reader of an error calls the text that holds `characters`. */
function subjectOf(input: RenderCredentialInput, characters: readonly string[]): string {
  const holds = (text: string | null | undefined): boolean =>
    Boolean(text) && characters.every((char) => text?.includes(char));
  if (holds(input.learnerName)) return 'The name';
  if (holds(input.titleOverride ?? input.contextTitle)) return 'The title';
  if (holds(input.configurationName)) return 'The credential name';
  if (holds(input.issuer?.organizationName)) return 'The organization name';
  return 'The certificate text';
}

/** Shapes an element's text; characters no font can show fail the render, naming them. */
function shapeOrFail(input: RenderCredentialInput, text: string, choice: FontChoice): ShapedLine {
  try {
    return shapeText(text, choice);
  } catch (error) {
    if (!(error instanceof MissingGlyphError)) throw error;
    throw UnrenderableTextError.of(subjectOf(input, error.characters), error.characters);
  }
}

/** The part of a resolved element's field after `template.elements.`; null for built-in phrases. */
function elementName(field: string): string | null {
  const prefix = 'template.elements.';
  return field.startsWith(prefix) ? field.slice(prefix.length) : null;
}

/** renderCredential's PDF alone. */
export async function renderCredentialPdf(input: RenderCredentialInput): Promise<Uint8Array> {
  return (await renderCredential(input)).pdf;
}

/**
 * Renders a credential PDF: the built-in certificate (no template, or one
 * without an asset) or the template PDF with the elements drawn over it,
 * with where each template element was drawn (the same numbers the drawing used).
 * Deterministic: the same input gives the same bytes.
 */
export async function renderCredential(input: RenderCredentialInput): Promise<RenderedCredential> {
  const template = input.template;
  const design = template?.asset ? null : designFor(input);
  const { texts, qr } = resolveElements(template, design);
  await loadShaper();

  const doc = template?.asset
    ? await loadTemplatePdf(await input.loadAsset(template.asset))
    : await PDFDocument.create({ updateMetadata: false });
  if (design) doc.addPage([...design.size]);
  const pages = doc.getPages();

  const values: PlaceholderValues = {
    // Text from outside is laid out as isolated runs: it cannot reorder the sentence around it.
    name: isolateText(input.learnerName),
    context: isolateText(input.titleOverride ?? input.contextTitle),
    organization: input.issuer?.organizationName ? isolateText(input.issuer.organizationName) : '',
    configuration: isolateText(input.configurationName),
    date: formatIssueDate(input.issuedAt, input.locale),
    expiresOn: input.expiresAt ? formatIssueDate(input.expiresAt, input.locale) : '',
    verificationId: isolateText(input.verificationId),
    verificationUrl: input.verificationUrl,
  };

  const customFaces = new Map<string, FontFace>();
  for (const text of texts) {
    if (isBuiltinFont(text.font) || customFaces.has(text.font)) continue;
    const bytes = await input.loadAsset(text.font);
    customFaces.set(text.font, customFace(bytes, `${text.field}.font`));
  }

  const fonts = new DocumentFonts(doc.context);
  const contents = new Map<PDFPage, PageContent>();
  const contentFor = (page: PDFPage): PageContent => {
    let content = contents.get(page);
    if (!content) {
      content = new PageContent();
      contents.set(page, content);
    }
    return content;
  };

  if (design) await drawDesign(doc, pages[0], contentFor(pages[0]), design, input);
  const placed: PlacedElement[] = [];

  for (const element of texts) {
    const box = pageBox(pages, element.page, element.field);
    let text = element.literal ? element.text : fillPlaceholders(element.text, values);
    if (element.uppercase) text = toUpper(text, input.locale);
    const choice: FontChoice = {
      custom: isBuiltinFont(element.font) ? null : (customFaces.get(element.font) ?? null),
      bold: element.font === 'sans-bold' || element.font === 'serif-bold',
      family: element.font === 'serif' || element.font === 'serif-bold' ? 'serif' : 'sans',
    };
    const line = shapeOrFail(input, text, choice);
    if (line.runs.length === 0) continue;
    let size = element.size;
    if (element.maxWidth !== undefined && line.em * size > element.maxWidth) {
      size = Math.floor((element.maxWidth / line.em) * 100) / 100;
    }
    const width = line.em * size;
    const left = leftEdge(element, width, box.width);
    const color: Rgb = parseColor(element.color, `${element.field}.color`);
    drawShapedLine(
      contentFor(box.page),
      fonts,
      line,
      box.left + left,
      box.bottom + element.y,
      size,
      color,
    );
    const name = elementName(element.field);
    if (name !== null) {
      const extent = lineExtent(line);
      placed.push({
        name,
        page: element.page,
        x: left,
        align: element.x === undefined ? 'center' : (element.align ?? 'left'),
        y: element.y,
        width,
        height: (extent.ascent + extent.descent) * size,
        descent: extent.descent * size,
        size,
      });
    }
  }

  if (qr) {
    const box = pageBox(pages, qr.page, qr.field);
    const left = qr.x ?? (box.width - qr.size) / 2;
    contentFor(box.page).operators.push(
      qrOperators(
        input.verificationUrl,
        box.left + left,
        box.bottom + qr.y,
        qr.size,
        parseColor(qr.color, `${qr.field}.color`),
      ),
    );
    placed.push({
      name: 'qr',
      page: qr.page,
      x: left,
      align: 'left',
      y: qr.y,
      width: qr.size,
      height: qr.size,
      descent: 0,
      size: qr.size,
    });
  }

  for (const [page, content] of contents) {
    if (content.isEmpty) continue;
    // normalize() wraps the template's own content in q/Q so its graphics state cannot leak.
    page.node.normalize();
    page.node.addContentStream(deflatedStream(doc.context, content.operators.join('\n')));
    for (const font of content.fonts) page.node.setFontDictionary(font.resourceName, font.ref);
  }
  await fonts.writeAll();

  writeMetadata(doc, {
    title: `${input.configurationName}: ${input.learnerName}`,
    author: input.issuer?.organizationName ?? null,
    subject: input.verificationId,
    keywords: [
      input.configurationName,
      input.titleOverride ?? input.contextTitle,
      input.verificationId,
      'certificate',
    ],
    createdAt: input.issuedAt,
    language: input.locale,
    producer: PRODUCER,
  });
  const pdf = await doc.save({
    useObjectStreams: true,
    addDefaultPage: false,
    updateFieldAppearances: false,
    // pdf-lib otherwise yields to the event loop (setTimeout) every 50 objects.
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
  const sizes = pages.map((page) => {
    const box = page.getCropBox();
    return { width: box.width, height: box.height };
  });
  return { pdf, layout: { pages: sizes, elements: placed } };
}
