import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { DomainError, InputError } from '../../shared/errors';
import { Asset } from './asset.entity';
import { isBuiltinFont, TemplateError } from './pdf';
import { customFace } from './pdf/fonts';
import type { ObjectStorage } from './storage';
import { looksLikeSvg, svgProblem } from './svg-safety';

/**
 * Template PDFs, fonts and images (logos, signatures), uploaded by admins and referenced
 * by slug in templates and in the issuer identity.
 */

const ASSET_SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_ASSET_BYTES = 5 * 1024 * 1024;

export type AssetContentType =
  'application/pdf' | 'font/ttf' | 'font/otf' | 'image/png' | 'image/jpeg' | 'image/svg+xml';

/** Content types an image reference (a logo, a signature) accepts. */
export const IMAGE_CONTENT_TYPES: readonly string[] = ['image/png', 'image/jpeg'];
/** Content types a badge template accepts (an SVG may carry placeholders). */
export const BADGE_TEMPLATE_CONTENT_TYPES: readonly string[] = ['image/svg+xml', 'image/png'];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const assetKey = (slug: string): string => `assets/${slug}`;

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** The content type told by the file's first bytes (never by what the client claims). */
function detectAssetType(bytes: Uint8Array): AssetContentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0x00, 0x01, 0x00, 0x00]) || startsWith(bytes, [0x74, 0x72, 0x75, 0x65]))
    return 'font/ttf'; // TrueType 1.0, or 'true' (Apple)
  if (startsWith(bytes, [0x4f, 0x54, 0x54, 0x4f])) return 'font/otf'; // OTTO
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (looksLikeSvg(bytes)) return 'image/svg+xml';
  return null;
}

/** PNG: the IHDR chunk comes first and names a non-empty size. */
function pngProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 33) return 'is not a readable PNG (it is truncated)';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk !== 'IHDR') return 'is not a readable PNG (no IHDR chunk first)';
  if (view.getUint32(16) === 0 || view.getUint32(20) === 0) return 'is a PNG of no pixels';
  return null;
}

async function countPdfPages(bytes: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(bytes, {
    updateMetadata: false,
    parseSpeed: ParseSpeeds.Fastest,
  });
  return doc.getPageCount();
}

/**
 * Parses the file as what it claims to be, so a broken upload fails now, not at issuance.
 * Returns a PDF's page count (null for a font).
 */
async function assertReadable(bytes: Uint8Array, type: AssetContentType): Promise<number | null> {
  if (type === 'image/png') {
    const problem = pngProblem(bytes);
    if (problem !== null) throw InputError.of('body', problem);
    return null;
  }
  if (type === 'image/jpeg') return null;
  if (type === 'image/svg+xml') {
    const problem = svgProblem(bytes);
    if (problem !== null) throw InputError.of('body', problem);
    return null;
  }
  if (type === 'application/pdf') {
    try {
      const pages = await countPdfPages(bytes);
      if (pages === 0) throw new Error('it has no pages');
      return pages;
    } catch (error) {
      throw InputError.of('body', `is not a readable PDF (${(error as Error).message})`);
    }
  }
  try {
    customFace(bytes, 'body');
    return null;
  } catch (error) {
    if (error instanceof TemplateError) throw InputError.of('body', error.message);
    throw error;
  }
}

export interface StoredAsset {
  slug: string;
  contentType: AssetContentType;
  size: number;
  sha256: string;
  storageKey: string;
  pageCount: number | null;
}

const UPSERT_SQL = `
insert into asset (slug, content_type, size, sha256, storage_key, page_count, created_at, updated_at)
values (?, ?, ?, ?, ?, ?, now(), now())
on conflict (slug) do update
  set content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256,
      storage_key = excluded.storage_key, page_count = excluded.page_count, updated_at = now()
returning (xmax = 0) as created`;

export class AssetService {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: ObjectStorage,
  ) {}

  /** Stores the bytes under `assets/<slug>` and creates or replaces the Asset row. */
  async put(slug: string, bytes: Uint8Array): Promise<{ asset: StoredAsset; created: boolean }> {
    if (!ASSET_SLUG.test(slug)) {
      throw InputError.of(
        'slug',
        'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      );
    }
    if (isBuiltinFont(slug)) throw InputError.of('slug', `"${slug}" names a built-in font`);
    if (bytes.length === 0) throw InputError.of('body', 'is empty');
    if (bytes.length > MAX_ASSET_BYTES) {
      throw new DomainError('BAD_USER_INPUT', `The file is larger than ${MAX_ASSET_BYTES} bytes`, {
        field: 'body',
      });
    }
    const contentType = detectAssetType(bytes);
    if (!contentType)
      throw InputError.of(
        'body',
        'must be a PDF, TrueType (TTF) or OpenType (OTF) font, PNG, JPEG or SVG file',
      );
    const pageCount = await assertReadable(bytes, contentType);

    const key = assetKey(slug);
    await this.storage.put(key, bytes, contentType);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [row] = await this.em.execute<{ created: boolean }[]>(UPSERT_SQL, [
      slug,
      contentType,
      bytes.length,
      sha256,
      key,
      pageCount,
    ]);
    return {
      asset: { slug, contentType, size: bytes.length, sha256, storageKey: key, pageCount },
      created: row.created,
    };
  }

  /**
   * Pages of a stored template PDF. Recorded at upload; a PDF stored before that is read
   * once from storage and its count recorded.
   */
  /** The page count, read from the file when unknown but never stored (read-only callers). */
  async peekPageCount(asset: Asset): Promise<number> {
    return asset.pageCount ?? countPdfPages(await this.storage.get(asset.storageKey));
  }

  async pageCount(asset: Asset): Promise<number> {
    if (asset.pageCount !== null) return asset.pageCount;
    const pages = await countPdfPages(await this.storage.get(asset.storageKey));
    await this.em.execute('update asset set page_count = ? where slug = ? and sha256 = ?', [
      pages,
      asset.slug,
      asset.sha256,
    ]);
    return pages;
  }
}
