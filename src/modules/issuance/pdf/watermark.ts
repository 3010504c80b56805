import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, ParseSpeeds } from 'pdf-lib';
import { pdfNumber } from './content';

/**
 * Stamps a word (`PREVIEW`) across every page of a rendered certificate as an incremental
 * update (ISO 32000-1 §7.5.6): the rendered bytes stay exactly as they are and the stamp is
 * appended after them — a new content stream, its font and transparency, the page object
 * rewritten to draw it, and a cross-reference stream that points back to the original one.
 * So a preview is the certificate issuance would render, byte for byte, plus the stamp.
 */

/** Helvetica-Bold advance widths (per 1000 em) of the letters the stamp may use. */
const HELVETICA_BOLD_WIDTHS: Readonly<Record<string, number>> = {
  A: 722, B: 722, C: 722, D: 722, E: 667, F: 611, G: 778, H: 722, I: 278, J: 556, K: 722,
  L: 611, M: 833, N: 722, O: 778, P: 667, Q: 778, R: 722, S: 667, T: 611, U: 722, V: 667,
  W: 944, X: 667, Y: 667, Z: 611, ' ': 278,
}; // prettier-ignore
const CAP_HEIGHT = 0.718;
const FONT_NAME = 'LaurelStampFont';
const STATE_NAME = 'LaurelStampState';

export interface WatermarkOptions {
  /** Capital Latin letters and spaces (a standard font draws it). */
  readonly text: string;
  /** 0..1 */
  readonly opacity?: number;
  /** Share of the page diagonal the word spans. */
  readonly span?: number;
}

function widthOf(text: string): number {
  let width = 0;
  for (const char of text) {
    const advance = HELVETICA_BOLD_WIDTHS[char];
    if (advance === undefined) throw new Error(`The watermark cannot draw "${char}"`);
    width += advance;
  }
  return width / 1000;
}

const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

/** The offset after the last `startxref` of a PDF: where its newest cross-reference is. */
function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const matches = [...tail.matchAll(/startxref\s+(\d+)/g)];
  const last = matches.at(-1);
  if (!last) throw new Error('Not a PDF: no startxref');
  return Number(last[1]);
}

/**
 * A number no object of the PDF uses. pdf-lib does not count the object streams and the
 * cross-reference stream it read, so the file's own `/Size` and `obj` headers are read too.
 */
function nextObjectNumber(pdf: Uint8Array, largestKnown: number): number {
  const text = Buffer.from(pdf).toString('latin1');
  let next = largestKnown + 1;
  for (const match of text.matchAll(/\/Size (\d+)|(\d+) 0 obj\b/g)) {
    next = Math.max(next, match[1] !== undefined ? Number(match[1]) : Number(match[2]) + 1);
  }
  return next;
}

/** The stamp's drawing operators for a page box: the word along the diagonal, centred. */
function stampOperators(
  box: { x: number; y: number; width: number; height: number },
  options: WatermarkOptions,
): string {
  const n = pdfNumber;
  const angle = Math.atan2(box.height, box.width);
  const diagonal = Math.hypot(box.width, box.height);
  const em = widthOf(options.text);
  const size = ((options.span ?? 0.62) * diagonal) / em;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const half = (em * size) / 2;
  const rise = (CAP_HEIGHT * size) / 2;
  const x = box.x + box.width / 2 - half * cos + rise * sin;
  const y = box.y + box.height / 2 - half * sin - rise * cos;
  return [
    'q',
    `/${STATE_NAME} gs`,
    '0.75 0.1 0.12 rg',
    'BT',
    `/${FONT_NAME} ${n(size)} Tf`,
    `${n(cos)} ${n(sin)} ${n(-sin)} ${n(cos)} ${n(x)} ${n(y)} Tm`,
    `(${options.text}) Tj`,
    'ET',
    'Q',
  ].join('\n');
}

/** A copy of a resources sub-dictionary (/Font, /ExtGState) with one more entry. */
function withEntry(resources: PDFDict, category: string, name: string, ref: PDFRef): PDFDict {
  const context = resources.context;
  const existing = resources.lookupMaybe(PDFName.of(category), PDFDict);
  const copy = existing ? existing.clone(context) : context.obj({});
  copy.set(PDFName.of(name), ref);
  return copy;
}

/**
 * The PDF with `options.text` stamped across every page (a template PDF's cover and inner
 * pages alike), appended as an incremental update.
 */
export async function stampWatermark(
  pdf: Uint8Array,
  options: WatermarkOptions,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  const context = doc.context;
  const pages = doc.getPages();
  const first = nextObjectNumber(pdf, context.largestObjectNumber);
  const fontRef = PDFRef.of(first);
  const stateRef = PDFRef.of(first + 1);
  const xrefNumber = first + 2 + pages.length;

  const opacity = pdfNumber(options.opacity ?? 0.22);
  const objects: [number, string][] = [
    [
      first,
      `<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica-Bold\n/Encoding /WinAnsiEncoding\n>>`,
    ],
    [first + 1, `<<\n/Type /ExtGState\n/ca ${opacity}\n/CA ${opacity}\n>>`],
  ];
  pages.forEach((page, index) => {
    const contentRef = PDFRef.of(first + 2 + index);
    const pageDict = page.node.clone(context);
    const resources = (page.node.Resources() ?? context.obj({})).clone(context);
    resources.set(PDFName.of('Font'), withEntry(resources, 'Font', FONT_NAME, fontRef));
    resources.set(PDFName.of('ExtGState'), withEntry(resources, 'ExtGState', STATE_NAME, stateRef));
    pageDict.set(PDFName.of('Resources'), resources);
    const contents = page.node.get(PDFName.of('Contents'));
    const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    pageDict.set(PDFName.of('Contents'), context.obj([...streams, contentRef]));
    const operators = stampOperators(page.getCropBox(), options);
    objects.push(
      [page.ref.objectNumber, pageDict.toString()],
      [
        contentRef.objectNumber,
        `<<\n/Length ${operators.length}\n>>\nstream\n${operators}\nendstream`,
      ],
    );
  });

  const chunks: Uint8Array[] = [pdf];
  let offset = pdf.length;
  const append = (text: string) => {
    const bytes = ascii(text);
    chunks.push(bytes);
    offset += bytes.length;
  };
  append('\n');
  const offsets = new Map<number, number>();
  for (const [number, body] of objects) {
    offsets.set(number, offset);
    append(`${number} 0 obj\n${body}\nendobj\n`);
  }
  offsets.set(xrefNumber, offset);

  // One row per object: type 1 (in use, at an offset), 4 bytes of offset, 2 of generation.
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const rows = Buffer.alloc(numbers.length * 7);
  numbers.forEach((number, i) => {
    rows.writeUInt8(1, i * 7);
    rows.writeUInt32BE(offsets.get(number)!, i * 7 + 1);
    rows.writeUInt16BE(0, i * 7 + 5);
  });
  const index = numbers.flatMap((number) => [number, 1]).join(' ');
  const trailer = context.trailerInfo;
  const entries = [
    '/Type /XRef',
    `/Size ${xrefNumber + 1}`,
    `/Index [${index}]`,
    '/W [1 4 2]',
    `/Prev ${lastStartXref(pdf)}`,
    trailer.Root ? `/Root ${trailer.Root.toString()}` : '',
    trailer.Info ? `/Info ${trailer.Info.toString()}` : '',
    trailer.ID ? `/ID ${trailer.ID.toString()}` : '',
    `/Length ${rows.length}`,
  ].filter((entry) => entry !== '');
  append(`${xrefNumber} 0 obj\n<<\n${entries.join('\n')}\n>>\nstream\n`);
  chunks.push(new Uint8Array(rows));
  append(`\nendstream\nendobj\nstartxref\n${offsets.get(xrefNumber)}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
