import type { EntityManager } from '@mikro-orm/postgresql';
import { type FieldProblem, InputError } from '../../shared/errors';
import { validateMessageOverrides } from '../../shared/i18n';
import {
  Asset,
  CERTIFICATE_CATALOGS,
  type CredentialTemplate,
  isBuiltinFont,
  pageProblems,
  parseTemplate,
  TemplateError,
  STANDARD_TEXT_ELEMENTS,
} from '../issuance';

/** Checks of what a configuration prints: its template and its certificate wording. */

interface AssetReference {
  field: string;
  slug: string;
  kind: 'pdf' | 'font';
}

/** Every uploaded asset a template refers to, with the path of the field naming it. */
function assetReferences(template: CredentialTemplate): AssetReference[] {
  const references: AssetReference[] = [];
  if (template.asset)
    references.push({ field: 'template.asset', slug: template.asset, kind: 'pdf' });
  const font = (field: string, slug: string | undefined) => {
    if (slug !== undefined && !isBuiltinFont(slug)) references.push({ field, slug, kind: 'font' });
  };
  font('template.defaults.font', template.defaults.font);
  for (const name of STANDARD_TEXT_ELEMENTS) {
    const element = template.elements[name];
    if (element) font(`template.elements.${name}.font`, element.font);
  }
  template.elements.custom.forEach((element, i) =>
    font(`template.elements.custom[${i}].font`, element.font),
  );
  return references;
}

/** Reads a template PDF's page count (see AssetService.pageCount). */
export interface TemplatePages {
  pageCount(asset: Asset): Promise<number>;
}

/**
 * The template parses, every asset it names was uploaded and is of the right kind, and
 * every element is on a page the template has (the built-in layout has one).
 */
export async function checkTemplate(
  em: EntityManager,
  pages: TemplatePages,
  problems: FieldProblem[],
  json: Record<string, unknown> | null,
): Promise<void> {
  if (json === null) return;
  let template: CredentialTemplate;
  try {
    template = parseTemplate(json);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    problems.push({ field: error.field, message: error.message.replace(`${error.field}: `, '') });
    return;
  }
  const references = assetReferences(template);
  const assets =
    references.length === 0
      ? []
      : await em.find(Asset, { slug: { $in: references.map((r) => r.slug) } });
  const assetBySlug = new Map(assets.map((asset) => [asset.slug, asset]));
  const before = problems.length;
  for (const { field, slug, kind } of references) {
    const type = assetBySlug.get(slug)?.contentType;
    if (type === undefined) {
      problems.push({
        field,
        message: `asset "${slug}" does not exist (upload it with PUT /assets/${slug})`,
      });
    } else if (kind === 'pdf' ? type !== 'application/pdf' : !type.startsWith('font/')) {
      problems.push({
        field,
        message: `asset "${slug}" is not a ${kind === 'pdf' ? 'PDF' : 'font'}`,
      });
    }
  }
  if (problems.length > before) return;
  const pdf = template.asset === null ? null : assetBySlug.get(template.asset);
  const pageCount = pdf ? await pages.pageCount(pdf) : 1;
  problems.push(...pageProblems(template, pageCount));
}

const MAX_MESSAGE_OVERRIDES = 50;

/**
 * The certificate's phrase overrides: an object of known message keys with ICU texts (checked
 * before the configuration is stored, so a bad one never reaches issuance).
 */
export function checkMessages(problems: FieldProblem[], json: unknown): Record<string, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push({ field: 'certificateMessages', message: 'must be a JSON object' });
    return {};
  }
  if (Object.keys(json).length > MAX_MESSAGE_OVERRIDES) {
    problems.push({
      field: 'certificateMessages',
      message: `must hold at most ${MAX_MESSAGE_OVERRIDES} messages`,
    });
    return {};
  }
  try {
    return {
      ...validateMessageOverrides(
        CERTIFICATE_CATALOGS,
        json as Record<string, unknown>,
        'certificateMessages',
      ),
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...(error.details.problems ?? []));
    return {};
  }
}
