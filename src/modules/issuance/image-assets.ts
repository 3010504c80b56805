import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from '../../shared/errors';
import { Asset } from './asset.entity';
import { IMAGE_CONTENT_TYPES } from './asset.service';

/** A field of an input that names an uploaded image (a logo, a signature) by slug. */
export interface ImageReference {
  readonly field: string;
  readonly slug: string;
}

const TYPE_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/svg+xml': 'SVG',
};

/**
 * One problem per reference whose asset was never uploaded or is not of an `accepted` type
 * (by default a PNG or JPEG).
 */
export async function imageReferenceProblems(
  em: EntityManager,
  references: readonly ImageReference[],
  accepted: readonly string[] = IMAGE_CONTENT_TYPES,
): Promise<FieldProblem[]> {
  if (references.length === 0) return [];
  const slugs = [...new Set(references.map((r) => r.slug))];
  const assets = await em.find(
    Asset,
    { slug: { $in: slugs } },
    { fields: ['slug', 'contentType'] },
  );
  const typeBySlug = new Map(assets.map((asset) => [asset.slug, asset.contentType]));
  const problems: FieldProblem[] = [];
  for (const { field, slug } of references) {
    const type = typeBySlug.get(slug);
    if (type === undefined) {
      problems.push({
        field,
        message: `asset "${slug}" does not exist (upload it with PUT /assets/${slug})`,
      });
    } else if (!accepted.includes(type)) {
      const names = accepted.map((t) => TYPE_NAMES[t] ?? t);
      const list = `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
      problems.push({ field, message: `asset "${slug}" is not a ${list} image` });
    }
  }
  return problems;
}
