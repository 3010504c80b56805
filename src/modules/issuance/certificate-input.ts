import type { EntityManager } from '@mikro-orm/postgresql';
import type { Evaluation } from '../eligibility';
import { achievementOf } from './achievement';
import { Asset } from './asset.entity';
import type { OrganizationSource } from './generate-credential';
import {
  NO_ISSUER,
  parseTemplate,
  type RenderCredentialInput,
  type RenderIssuer,
  TemplateError,
} from './pdf';
import type { ObjectStorage } from './storage';

/**
 * What a certificate prints, gathered from a credential (issuance) or from a configuration and
 * a name (preview): both render through `certificateRenderInput`, so a preview is the
 * issued certificate but for its date, its verification block and its watermark.
 */
export interface CertificateFacts {
  learnerName: string;
  contextTitle: string;
  configurationName: string;
  courseId: string | null;
  learningPathId: string | null;
  locale: string;
  /** The configuration's stored template (validated when it was saved); null = built-in. */
  template: unknown;
  titleOverride: string | null;
  /** Validated when the configuration was saved. */
  signatories: unknown;
  tier: number;
  kind: 'CERTIFICATE' | 'BADGE';
  /** The configuration's own wording of the certificate's phrases (validated when saved). */
  certificateMessages: Record<string, string> | null;
  /** The learner's evaluation (the description line tells what it achieved); null = none. */
  evaluation: Evaluation | null;
}

export interface CertificateInputDeps {
  publicUrl: string;
  organizationOf?: OrganizationSource;
  loadAsset: (em: EntityManager, slug: string) => Promise<Uint8Array>;
}

/** The verification page address a certificate's QR code and URL line point to. */
export const verificationUrlOf = (publicUrl: string, verificationId: string): string =>
  `${publicUrl}/verify/${verificationId}`;

export async function certificateRenderInput(
  em: EntityManager,
  deps: CertificateInputDeps,
  facts: CertificateFacts,
  issue: { issuedAt: Date; verificationId: string },
): Promise<RenderCredentialInput> {
  return {
    learnerName: facts.learnerName,
    contextTitle: facts.contextTitle,
    titleOverride: facts.titleOverride,
    issuer: await issuerOf(em, deps, facts),
    configurationName: facts.configurationName,
    issuedAt: issue.issuedAt,
    locale: facts.locale,
    verificationId: issue.verificationId,
    verificationUrl: verificationUrlOf(deps.publicUrl, issue.verificationId),
    template: facts.template == null ? null : parseTemplate(facts.template),
    tier: facts.tier,
    kind: facts.kind,
    contextKind: facts.learningPathId ? 'path' : 'course',
    achievement: achievementOf(facts.evaluation),
    messages: facts.certificateMessages ?? {},
    loadAsset: (slug) => deps.loadAsset(em, slug),
  };
}

async function issuerOf(
  em: EntityManager,
  deps: CertificateInputDeps,
  facts: CertificateFacts,
): Promise<RenderIssuer> {
  const context = { courseId: facts.courseId, learningPathId: facts.learningPathId };
  const organization = deps.organizationOf ? await deps.organizationOf(em, context) : null;
  return {
    ...NO_ISSUER,
    organizationName: organization?.name ?? null,
    organizationUrl: organization?.url ?? null,
    logoAssetId: organization?.logoAssetId ?? null,
    signatories: Array.isArray(facts.signatories)
      ? (facts.signatories as RenderIssuer['signatories'])
      : [],
  };
}

/**
 * Bytes of uploaded template assets by slug, cached by `slug:sha256` (assets are replaced by
 * upload, never changed in place).
 */
export class TemplateAssets {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(private readonly storage: ObjectStorage) {}

  readonly load = async (em: EntityManager, slug: string): Promise<Uint8Array> => {
    const asset = await em.findOne(Asset, { slug });
    if (!asset) throw new TemplateError('template', `asset "${slug}" does not exist`);
    const cacheKey = `${slug}:${asset.sha256}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const bytes = await this.storage.get(asset.storageKey);
    if (this.cache.size >= 64) this.cache.clear();
    this.cache.set(cacheKey, bytes);
    return bytes;
  };
}
