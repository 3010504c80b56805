import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { JpegEmbedder, PDFName, PngEmbedder, type PDFContext, type PDFRef } from 'pdf-lib';

import { pdfNumber as n } from './content';
import { TemplateError } from './errors';
import type { ImageBox } from './builtin-layout';

/**
 * Logos and signatures (PNG or JPEG) on a certificate. An image is decoded and compressed
 * once per process (bulk issuance prints the same logo thousands of times); each document
 * gets the prepared stream bytes.
 */

interface PreparedStream {
  readonly dict: Record<string, unknown>;
  readonly bytes: Uint8Array;
}

export interface PreparedImage {
  readonly width: number;
  readonly height: number;
  readonly image: PreparedStream;
  readonly mask: PreparedStream | null;
}

/** The parts of pdf-lib's PNG reader used here (its typings do not export the class). */
interface DecodedPng {
  readonly rgbChannel: Uint8Array;
  readonly alphaChannel?: Uint8Array;
  readonly bitsPerComponent: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const CACHE_LIMIT = 32;
const cache = new Map<string, PreparedImage>();

async function prepare(bytes: Uint8Array): Promise<PreparedImage> {
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    const png = await PngEmbedder.for(bytes);
    const decoded = (png as unknown as { image: DecodedPng }).image;
    const base = {
      Type: 'XObject',
      Subtype: 'Image',
      Width: png.width,
      Height: png.height,
      BitsPerComponent: decoded.bitsPerComponent,
      Filter: 'FlateDecode',
    };
    return {
      width: png.width,
      height: png.height,
      image: {
        dict: { ...base, ColorSpace: 'DeviceRGB' },
        bytes: deflateSync(decoded.rgbChannel),
      },
      mask: decoded.alphaChannel
        ? {
            dict: { ...base, ColorSpace: 'DeviceGray', Decode: [0, 1] },
            bytes: deflateSync(decoded.alphaChannel),
          }
        : null,
    };
  }
  const jpeg = await JpegEmbedder.for(bytes);
  return {
    width: jpeg.width,
    height: jpeg.height,
    image: {
      dict: {
        Type: 'XObject',
        Subtype: 'Image',
        Width: jpeg.width,
        Height: jpeg.height,
        BitsPerComponent: jpeg.bitsPerComponent,
        ColorSpace: jpeg.colorSpace,
        Filter: 'DCTDecode',
        ...(jpeg.colorSpace === 'DeviceCMYK' ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}),
      },
      bytes,
    },
    mask: null,
  };
}

/**
 * The image in `bytes`, decoded once per process (cached by content hash). Throws a
 * TemplateError naming `field` when the bytes are neither a PNG nor a JPEG.
 */
export async function preparedImage(bytes: Uint8Array, field: string): Promise<PreparedImage> {
  const key = createHash('sha256').update(bytes).digest('hex');
  const cached = cache.get(key);
  if (cached) return cached;
  let image: PreparedImage;
  try {
    image = await prepare(bytes);
  } catch (error) {
    throw new TemplateError(field, `not a usable PNG or JPEG image (${(error as Error).message})`);
  }
  cache.set(key, image);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return image;
}

/** Adds the image to a document (once per document) and returns its reference. */
export function embedImage(context: PDFContext, image: PreparedImage): PDFRef {
  const register = ({ dict, bytes }: PreparedStream, extra: Record<string, unknown> = {}) =>
    context.register(context.stream(bytes, { ...dict, ...extra } as never));
  const mask = image.mask ? register(image.mask) : null;
  return register(image.image, mask ? { SMask: mask } : {});
}

/** Operators drawing the image fitted (aspect kept) and centred in `box`. */
export function imageOperators(name: PDFName, image: PreparedImage, box: ImageBox): string {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  const x = box.x + (box.width - width) / 2;
  const y = box.y + (box.height - height) / 2;
  return `q ${n(width)} 0 0 ${n(height)} ${n(x)} ${n(y)} cm ${name.toString()} Do Q`;
}
