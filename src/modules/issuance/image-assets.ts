import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from '../../shared/errors';
import { Asset } from './asset.entity';
import { IMAGE_CONTENT_TYPES } from './asset.service';

/** A field of an input that names an uploaded image (a logo, a signature) by slug. */
export interface ImageReference {
  readonly field: string;
  readonly slug: string;
}

/** One problem per reference whose asset was never uploaded or is not a PNG or JPEG. */
export async function imageReferenceProblems(
  em: EntityManager,
  references: readonly ImageReference[],
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
    } else if (!IMAGE_CONTENT_TYPES.includes(type)) {
      problems.push({ field, message: `asset "${slug}" is not a PNG or JPEG image` });
    }
  }
  return problems;
}
