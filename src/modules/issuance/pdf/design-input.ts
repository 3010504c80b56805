import {
  builtinDesign,
  tierName,
  type BuiltinDesign,
  type CertificateVariant,
} from './builtin-layout';
import { certificateTranslator } from './certificate-messages';
import type { RenderCredentialInput } from './render';
import { isolateText } from './text';

/** What a learner achieved, as the certificate's description line tells it. */
export interface RenderAchievement {
  /** The overall grade as a fraction (0.925 prints "92.5 %"); null: none to tell. */
  readonly grade: number | null;
  /** Courses of a learning path; null: not a path. */
  readonly courseCount: number | null;
}

const comparable = (text: string): string => text.trim().toLocaleLowerCase();

/** The built-in certificate for a render input, in its locale and with its wording. */
export function designFor(input: RenderCredentialInput): BuiltinDesign {
  const t = certificateTranslator(input.locale, input.messages);
  const tier = tierName(input.tier ?? 0);
  const variant: CertificateVariant =
    input.kind === 'BADGE' ? 'badge' : input.contextKind === 'path' ? 'path' : 'course';
  const heading = t.t(variant === 'badge' ? 'heading.badge' : `heading.${tier}`);
  const achievement = input.achievement;
  const description: string[] = [];
  if (variant === 'path' && achievement?.courseCount) {
    description.push(t.t('result.courses', { count: achievement.courseCount }));
  }
  if (achievement?.grade !== null && achievement?.grade !== undefined) {
    description.push(t.t('result.grade', { grade: achievement.grade }));
  }
  const issuer = input.issuer;
  const signatories = (issuer?.signatories ?? []).slice(0, 4);
  return builtinDesign({
    pageSize: input.template?.page?.size ?? 'A4',
    orientation: input.template?.page?.orientation ?? 'landscape',
    direction: t.direction,
    variant,
    tier,
    phrases: {
      heading,
      tier: t.t(`tier.${tier}`),
      intro: t.t('intro'),
      completed: t.t(
        variant === 'badge'
          ? 'earned.badge'
          : variant === 'path'
            ? 'completed.path'
            : 'completed.course',
      ),
      description: description.join(' · '),
      dateLabel: t.t('date.label'),
      verifyLabel: t.t('verify.label'),
      verificationId: t.t('verify.id', { verificationId: isolateText(input.verificationId) }),
    },
    showConfiguration: comparable(input.configurationName) !== comparable(heading),
    hasLogo: Boolean(issuer?.logoAssetId),
    organization: issuer?.organizationName ? isolateText(issuer.organizationName) : '',
    signatories: signatories.map((signatory) => ({
      name: isolateText(signatory.name),
      title: isolateText(signatory.title),
      hasImage: signatory.signatureAssetId !== null,
    })),
    courseCount: achievement?.courseCount ?? 0,
  });
}
