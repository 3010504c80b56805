import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from '../../shared/errors';
import { checkOptionalText, checkText } from '../../shared/validation';
import { imageReferenceProblems, type ImageReference } from '../issuance';
import {
  MAX_SIGNATORIES,
  MAX_SIGNATORY_TEXT,
  MAX_TITLE_OVERRIDE,
  type Signatory,
  type SignatoryInput,
} from './signatory.type';

export const trimmedOrNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function normalizeSignatories(inputs: readonly SignatoryInput[]): Signatory[] {
  return inputs.map((input) => ({
    name: input.name.trim(),
    title: input.title.trim(),
    organization: trimmedOrNull(input.organization),
    signatureAssetId: trimmedOrNull(input.signatureAssetId),
  }));
}

export const normalizeTitleOverride = (value: string | null | undefined): string | null =>
  trimmedOrNull(value);

/** Signatories and the title override of a configuration, with their signature images. */
export async function signatoryProblems(
  em: EntityManager,
  signatories: readonly Signatory[],
  titleOverride: string | null,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  checkOptionalText(problems, 'titleOverride', titleOverride, MAX_TITLE_OVERRIDE);
  if (signatories.length > MAX_SIGNATORIES) {
    problems.push({ field: 'signatories', message: `must hold at most ${MAX_SIGNATORIES}` });
    return problems;
  }
  const images: ImageReference[] = [];
  signatories.forEach((signatory, i) => {
    const field = (name: string) => `signatories[${i}].${name}`;
    checkText(problems, field('name'), signatory.name, MAX_SIGNATORY_TEXT);
    checkText(problems, field('title'), signatory.title, MAX_SIGNATORY_TEXT);
    checkOptionalText(problems, field('organization'), signatory.organization, MAX_SIGNATORY_TEXT);
    if (signatory.signatureAssetId !== null) {
      images.push({ field: field('signatureAssetId'), slug: signatory.signatureAssetId });
    }
  });
  problems.push(...(await imageReferenceProblems(em, images)));
  return problems;
}
