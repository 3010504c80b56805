import { parseColor } from './color';
import { pdfNumber } from './content';
import type { QrElement, StandardTextElementName } from './template';

/** The built-in certificate: A4 landscape, its text elements, phrases, QR code and border. */
export const DEFAULT_PAGE_SIZE: readonly [number, number] = [841.89, 595.28];
export const DEFAULT_QR_SIZE = 80;

export interface LayoutText {
  readonly page: number;
  readonly x?: number;
  readonly y: number;
  readonly size: number;
  readonly font: string;
  readonly color: string;
  readonly uppercase?: boolean;
  readonly maxWidth?: number;
  readonly text: string;
}

const NAVY = '#1f3a5f';
const MUTED = '#555555';
const [PAGE_WIDTH] = DEFAULT_PAGE_SIZE;

/** The built-in certificate's elements (a template without an asset overrides them). */
export const BUILTIN_ELEMENTS: Readonly<Record<StandardTextElementName, LayoutText>> = {
  configuration: {
    page: 1,
    y: 460,
    size: 32,
    font: 'sans-bold',
    color: NAVY,
    maxWidth: 700,
    text: '{configuration}',
  },
  name: {
    page: 1,
    y: 335,
    size: 40,
    font: 'sans-bold',
    color: '#111111',
    maxWidth: 700,
    text: '{name}',
  },
  context: {
    page: 1,
    y: 245,
    size: 24,
    font: 'sans',
    color: '#222222',
    maxWidth: 700,
    text: '{context}',
  },
  date: { page: 1, y: 195, size: 14, font: 'sans', color: MUTED, maxWidth: 700, text: '{date}' },
  verificationUrl: {
    page: 1,
    x: 60,
    y: 60,
    size: 9,
    font: 'sans',
    color: MUTED,
    maxWidth: 600,
    text: '{verificationUrl}',
  },
};

/** Fixed text of the built-in certificate; the verification id line follows the URL element. */
export const BUILTIN_PHRASES: readonly (LayoutText & {
  readonly follows?: StandardTextElementName;
})[] = [
  // Empty (and so not drawn) while no organization is configured.
  {
    page: 1,
    y: 520,
    size: 16,
    font: 'sans-bold',
    color: NAVY,
    maxWidth: 700,
    text: '{organization}',
  },
  { page: 1, y: 395, size: 14, font: 'sans', color: MUTED, text: 'This certifies that' },
  { page: 1, y: 290, size: 14, font: 'sans', color: MUTED, text: 'has successfully completed' },
  {
    page: 1,
    x: 60,
    y: 73,
    size: 9,
    font: 'sans',
    color: MUTED,
    maxWidth: 600,
    text: 'Verification ID: {verificationId}',
    follows: 'verificationUrl',
  },
];

export const BUILTIN_QR: Required<QrElement> = {
  page: 1,
  x: PAGE_WIDTH - 60 - DEFAULT_QR_SIZE,
  y: 56,
  size: DEFAULT_QR_SIZE,
  color: '#000000',
};

export function builtinBorder(width: number, height: number): string {
  const n = pdfNumber;
  const navy = parseColor(NAVY);
  return [
    'q',
    `${n(navy.r)} ${n(navy.g)} ${n(navy.b)} RG`,
    '2.5 w',
    `20 20 ${n(width - 40)} ${n(height - 40)} re S`,
    '0.75 w',
    `28 28 ${n(width - 56)} ${n(height - 56)} re S`,
    'Q',
  ].join('\n');
}
