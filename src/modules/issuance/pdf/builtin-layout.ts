import { parseColor } from './color';
import {
  badgeFrame,
  diplomaFrame,
  hairline,
  medallion,
  ornamentRule,
  paper,
  pathBand,
  seal,
} from './ornaments';
import { BUILTIN_FONTS, type QrElement, type StandardTextElementName } from './template';

/**
 * The built-in certificate, designed like a university diploma: the organization's logo and
 * name, a heading in the tier's accent colour, the learner's name in a serif display face,
 * the course or path, what was achieved, the date and up to four signatories, a seal, and
 * the verification block (QR code, address, id). Landscape or portrait, A4 or US Letter;
 * right-to-left locales get the mirror image. Course and path certificates and badges each
 * have their own frame and emblem.
 */

export const PAGE_SIZES = { A4: [595.28, 841.89], LETTER: [612, 792] } as const;
export type PageSizeName = keyof typeof PAGE_SIZES;
export const ORIENTATIONS = ['landscape', 'portrait'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** A4 landscape, in points: the built-in certificate's page unless a template picks another. */
export const DEFAULT_PAGE_SIZE: readonly [number, number] = [841.89, 595.28];
export const DEFAULT_QR_SIZE = 62;

export type TierName = 'completion' | 'achievement' | 'distinction';
export type CertificateVariant = 'course' | 'path' | 'badge';

/** Tier 0 (or less) is Completion, 1 Achievement, 2 and up Distinction. */
export function tierName(tier: number): TierName {
  if (tier >= 2) return 'distinction';
  return tier === 1 ? 'achievement' : 'completion';
}

/** Each tier's accent: frame, heading, ornaments and seal. */
export const TIER_ACCENTS: Readonly<Record<TierName, string>> = {
  completion: '#1f4e79',
  achievement: '#7b2d43',
  distinction: '#9c7412',
};

const INK = '#1a1a1a';
const MUTED = '#5b5b5b';
const PAPER = '#fdfbf6';

export interface LayoutText {
  readonly page: number;
  /** Without `x` the text is centred on the page; with it, `align` says which point x is. */
  readonly x?: number;
  readonly align?: 'left' | 'center' | 'right';
  readonly y: number;
  readonly size: number;
  readonly font: string;
  readonly color: string;
  readonly uppercase?: boolean;
  readonly maxWidth?: number;
  readonly text: string;
  /** Printed as given: no placeholders are filled (names and phrases from outside). */
  readonly literal?: boolean;
}

/** A box an image is fitted into (aspect kept, centred in the box). */
export interface ImageBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The certificate's phrases, already translated. */
export interface DesignPhrases {
  readonly heading: string;
  readonly tier: string;
  readonly intro: string;
  readonly completed: string;
  /** What was achieved ("with a final grade of 92 %"); empty: no line. */
  readonly description: string;
  readonly dateLabel: string;
  readonly verifyLabel: string;
  readonly verificationId: string;
}

export interface DesignSignatory {
  readonly name: string;
  readonly title: string;
  readonly hasImage: boolean;
}

export interface DesignInput {
  readonly pageSize: PageSizeName;
  readonly orientation: Orientation;
  readonly direction: 'ltr' | 'rtl';
  readonly variant: CertificateVariant;
  readonly tier: TierName;
  readonly phrases: DesignPhrases;
  /** The configuration name is printed under the heading unless it says the same. */
  readonly showConfiguration: boolean;
  readonly hasLogo: boolean;
  readonly organization: string;
  readonly signatories: readonly DesignSignatory[];
  /** Courses of a learning path (the nodes of its band). */
  readonly courseCount: number;
}

export interface BuiltinDesign {
  readonly size: readonly [number, number];
  readonly elements: Readonly<Record<StandardTextElementName, LayoutText>>;
  /** Fixed text; one that `follows` an element is hidden with it and takes its colour and font. */
  readonly phrases: readonly (LayoutText & { readonly follows?: StandardTextElementName })[];
  readonly qr: Required<QrElement>;
  readonly logo: ImageBox | null;
  /** Signature image boxes, by signatory index (null: no image). */
  readonly signatures: readonly (ImageBox | null)[];
  /** Paper, frame, rules and emblems, drawn under the text. */
  readonly operators: string;
}

/** Serif display faces once the text engine provides them; the bold sans until then. */
const has = (font: string): boolean => (BUILTIN_FONTS as readonly string[]).includes(font);
const DISPLAY = has('serif-bold') ? 'serif-bold' : 'sans-bold';
const SERIF = has('serif') ? 'serif' : 'sans';

export function pageSizeOf(size: PageSizeName, orientation: Orientation): [number, number] {
  const [short, long] = PAGE_SIZES[size];
  return orientation === 'landscape' ? [long, short] : [short, long];
}

/** The built-in certificate for one credential. */
export function builtinDesign(input: DesignInput): BuiltinDesign {
  const [width, height] = pageSizeOf(input.pageSize, input.orientation);
  const portrait = input.orientation === 'portrait';
  const rtl = input.direction === 'rtl';
  const accentHex = TIER_ACCENTS[input.tier];
  const accent = parseColor(accentHex);
  const margin = portrait ? 52 : 60;
  const content = width - 2 * margin;
  const centre = width / 2;
  /** A logical x (from the start edge) as a page x. */
  const px = (x: number): number => (rtl ? width - x : x);
  const startAlign = rtl ? 'right' : 'left';
  const badge = input.variant === 'badge';
  const p = input.phrases;

  const phrases: (LayoutText & { follows?: StandardTextElementName })[] = [];
  const text = (
    y: number,
    size: number,
    font: string,
    color: string,
    value: string,
    extra: Partial<LayoutText> = {},
  ): void => {
    if (value.trim() === '') return;
    phrases.push({
      page: 1,
      y,
      size,
      font,
      color,
      maxWidth: content,
      text: value,
      literal: true,
      ...extra,
    });
  };

  // Top: logo (inside the medallion on a badge), organization, heading, ornament.
  const top = height - (portrait ? 62 : 52);
  let logo: ImageBox | null = null;
  let y = top;
  const ops: string[] = [
    paper(width, height, parseColor(PAPER)),
    badge
      ? badgeFrame(width, height, accent)
      : diplomaFrame(width, height, accent, input.variant === 'course'),
  ];
  if (badge) {
    // The medallion is the emblem; the logo goes to the top corner on the start side.
    const r = 44;
    ops.push(medallion(centre, top - r, r, accent));
    text(top - r - r * 0.46, 6.5, 'sans-bold', accentHex, p.tier, {
      x: centre,
      align: 'center',
      maxWidth: r * 1.1,
    });
    if (input.hasLogo) {
      logo = { x: rtl ? width - margin - 130 : margin, y: top - 36, width: 130, height: 36 };
    }
    y = top - 2 * r - 18;
  } else if (input.hasLogo) {
    logo = { x: centre - 90, y: top - 46, width: 180, height: 46 };
    y = top - 46 - 18;
  } else {
    y = top - 10;
  }
  text(y, 11, 'sans-bold', MUTED, input.organization);
  y -= portrait ? 46 : 40;
  text(y, portrait ? 28 : 30, SERIF, accentHex, p.heading, { maxWidth: content - 40 });
  const headingY = y;
  y -= 17;
  ops.push(ornamentRule(centre, y, 70, accent));
  const configurationY = y - 19;
  y = input.showConfiguration ? configurationY : y;

  // Bottom: verification block at the start corner, seal at the end corner, then the row
  // of date and signatures above them.
  const bottom = 48;
  const qrSize = DEFAULT_QR_SIZE;
  const qr: Required<QrElement> = {
    page: 1,
    x: rtl ? width - margin - qrSize : margin,
    y: bottom,
    size: qrSize,
    color: '#000000',
  };
  const blockX = px(margin + qrSize + 12);
  const blockWidth = Math.min(230, content - qrSize - 12 - 2 * 38 - 24);
  text(bottom + 44, 8, 'sans-bold', accentHex, p.verifyLabel, {
    x: blockX,
    align: startAlign,
    maxWidth: blockWidth,
  });
  phrases.push({
    page: 1,
    x: blockX,
    align: startAlign,
    y: bottom + 18,
    size: 7.5,
    font: 'sans',
    color: MUTED,
    maxWidth: blockWidth,
    text: p.verificationId,
    literal: true,
    follows: 'verificationUrl',
  });
  const sealR = 38;
  const sealX = px(width - margin - sealR);
  if (!badge) {
    ops.push(seal(sealX, bottom + sealR - 2, sealR, accent));
    text(bottom + sealR - 5, 7, 'sans-bold', '#ffffff', p.tier, {
      x: sealX,
      align: 'center',
      maxWidth: sealR * 1.2,
    });
  }

  const lineY = bottom + (portrait ? 150 : 122);
  const columns = 1 + input.signatories.length;
  const columnWidth = Math.min(175, content / columns);
  const rowStart = centre - (columnWidth * columns) / 2;
  /** The page x of a column's centre, columns in reading order. */
  const columnX = (index: number): number => {
    const logical = rowStart + columnWidth * (index + 0.5);
    return rtl ? width - logical : logical;
  };
  const lineHalf = columnWidth / 2 - 14;
  const signatures: (ImageBox | null)[] = [];
  const dateX = columnX(0);
  ops.push(hairline(dateX - lineHalf, dateX + lineHalf, lineY, parseColor(MUTED)));
  text(lineY - 13, 8, 'sans', MUTED, p.dateLabel, {
    x: dateX,
    align: 'center',
    maxWidth: columnWidth - 12,
  });
  input.signatories.forEach((signatory, index) => {
    const x = columnX(index + 1);
    ops.push(hairline(x - lineHalf, x + lineHalf, lineY, parseColor(MUTED)));
    text(lineY - 13, 9.5, 'sans-bold', INK, signatory.name, {
      x,
      align: 'center',
      maxWidth: columnWidth - 12,
    });
    text(lineY - 25, 8, 'sans', MUTED, signatory.title, {
      x,
      align: 'center',
      maxWidth: columnWidth - 12,
    });
    signatures.push(
      signatory.hasImage
        ? { x: x - lineHalf, y: lineY + 3, width: 2 * lineHalf, height: 36 }
        : null,
    );
  });

  // Middle: who, what, and how well, centred between the top and the signature row.
  const middleTop = y - 12;
  const middleBottom = lineY + 44;
  const blockHeight = p.description.trim() === '' ? 112 : 134;
  const free = middleTop - middleBottom - blockHeight;
  // Portrait pages have room to spare: the block sits nearer the top than the row.
  const intro = middleTop - Math.max(0, free * (portrait ? 0.4 : 0.5)) - 10;
  text(intro, 12, 'sans', MUTED, p.intro);
  const nameY = intro - 44;
  ops.push(hairline(centre - content * 0.3, centre + content * 0.3, nameY - 12, accent, 0.5));
  text(nameY - 34, 12, 'sans', MUTED, p.completed);
  text(nameY - 86, 11, 'sans', MUTED, p.description);

  if (input.variant === 'path') {
    const bandX = px(44);
    ops.push(pathBand(bandX, bottom + 20, headingY + 10, input.courseCount, accent));
  }

  const elements: Record<StandardTextElementName, LayoutText> = {
    configuration: {
      page: 1,
      y: configurationY,
      size: 12,
      font: 'sans-bold',
      color: INK,
      maxWidth: content - 40,
      text: input.showConfiguration ? '{configuration}' : '',
    },
    name: {
      page: 1,
      y: nameY,
      size: portrait ? 34 : 38,
      font: DISPLAY,
      color: INK,
      maxWidth: content * 0.8,
      text: '{name}',
    },
    context: {
      page: 1,
      y: nameY - 62,
      size: portrait ? 19 : 21,
      font: SERIF,
      color: INK,
      maxWidth: content - 40,
      text: '{context}',
    },
    date: {
      page: 1,
      x: dateX,
      align: 'center',
      y: lineY + 6,
      size: 11,
      font: 'sans',
      color: INK,
      maxWidth: columnWidth - 12,
      text: '{date}',
    },
    verificationUrl: {
      page: 1,
      x: blockX,
      align: startAlign,
      y: bottom + 31,
      size: 7.5,
      font: 'sans',
      color: MUTED,
      maxWidth: blockWidth,
      text: '{verificationUrl}',
    },
  };
  return {
    size: [width, height],
    elements,
    phrases,
    qr,
    logo,
    signatures,
    operators: ops.join('\n'),
  };
}
