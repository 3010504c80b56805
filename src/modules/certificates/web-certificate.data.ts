import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../shared/access';
import type { RenderAchievement } from '../issuance';
import {
  achievementOf,
  Asset,
  certificatePageImage,
  credentialFileAccess,
  type ObjectStorage,
  verificationUrlOf,
} from '../issuance';
import { loadEffectiveProfile } from '../issuers';
import {
  type VerificationDeps,
  type VerificationResult,
  VerificationService,
  VerificationStatus,
} from '../verification';

export interface WebSignatory {
  name: string;
  title: string;
  organization: string | null;
  /** A data: URL of the uploaded PNG or JPEG; null = a line to sign on. */
  signature: string | null;
}

/** What the web certificate shows: what the PDF prints, from the same records. */
export interface WebCertificate {
  verificationId: string;
  verificationUrl: string;
  learnerName: string;
  configurationName: string;
  /** The title override when set, else the course or path title. */
  title: string;
  organizationName: string | null;
  organizationUrl: string | null;
  logo: string | null;
  tier: number;
  kind: 'CERTIFICATE' | 'BADGE';
  contextKind: 'course' | 'path';
  achievement: RenderAchievement | null;
  issuedAt: Date;
  /** The configuration's locale and its own wording of the certificate's phrases. */
  locale: string;
  messages: Record<string, string>;
  page: { size: 'A4' | 'Letter'; orientation: 'landscape' | 'portrait' };
  /**
   * A certificate drawn over a template PDF of the institution's own: its issued first page as
   * a PNG data URL, shown instead of the built-in design (which would not be that certificate).
   */
  pageImage: string | null;
  signatories: WebSignatory[];
  signatureValid: boolean | null;
  isPublic: boolean;
}

export type WebCertificateView =
  | { kind: 'not-found' }
  | { kind: 'withdrawn'; result: VerificationResult }
  | { kind: 'denied'; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; locale: string | null }
  | { kind: 'certificate'; certificate: WebCertificate };

const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg']);

/** An uploaded PNG or JPEG as a data: URL (the page's CSP loads images from nowhere else). */
async function imageOf(
  em: EntityManager,
  storage: ObjectStorage | null,
  slug: string | null,
): Promise<string | null> {
  if (slug === null || storage === null) return null;
  const asset = await em.findOne(Asset, { slug });
  if (!asset || !IMAGE_TYPES.has(asset.contentType)) return null;
  const bytes = await storage.get(asset.storageKey);
  return `data:${asset.contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}

function pageOf(template: Record<string, unknown> | null): WebCertificate['page'] {
  const page = (template?.page ?? {}) as { size?: unknown; orientation?: unknown };
  return {
    size: page.size === 'LETTER' ? 'Letter' : 'A4',
    orientation: page.orientation === 'portrait' ? 'portrait' : 'landscape',
  };
}

/**
 * The issued first page of a certificate whose template is an uploaded PDF, with the paper's
 * orientation read off it; null for the built-in design, or when the page cannot be drawn
 * (the built-in design then shows the same facts).
 */
async function templatePage(
  storage: ObjectStorage | null,
  credential: { id: string; storageKey: string | null; sha256: string | null },
  template: Record<string, unknown> | null,
): Promise<{ image: string; orientation: WebCertificate['page']['orientation'] } | null> {
  if (typeof template?.asset !== 'string' || !credential.storageKey || !storage) return null;
  try {
    const png = await certificatePageImage(storage, {
      id: credential.id,
      storageKey: credential.storageKey,
      sha256: credential.sha256,
    });
    // The PNG's IHDR: width at byte 16, height at byte 20.
    const portrait = png.readUInt32BE(20) > png.readUInt32BE(16);
    return {
      image: `data:image/png;base64,${png.toString('base64')}`,
      orientation: portrait ? 'portrait' : 'landscape',
    };
  } catch {
    return null;
  }
}

/**
 * The web certificate of a verification id: public facts first (withdrawn ones say so to
 * anyone, as the verification page does), then the credential's file rules
 * (`credentialFileAccess`: public ones to anyone, private ones to its learner, staff, admins).
 */
export async function loadWebCertificate(
  em: EntityManager,
  deps: { verification: VerificationDeps; storage: ObjectStorage | null },
  viewer: Viewer | null,
  verificationId: string,
): Promise<WebCertificateView> {
  const result = await new VerificationService(em, deps.verification).verify(verificationId);
  switch (result.status) {
    case VerificationStatus.NOT_FOUND:
      return { kind: 'not-found' };
    case VerificationStatus.INVALIDATED:
    case VerificationStatus.REVOKED:
    case VerificationStatus.EXPIRED:
      return { kind: 'withdrawn', result };
    case VerificationStatus.VALID:
      break;
  }
  const access = await credentialFileAccess(em, viewer, verificationId);
  if (!access.granted) {
    if (access.code === 'UNAUTHENTICATED' || access.code === 'FORBIDDEN') {
      return { kind: 'denied', code: access.code, locale: result.locale ?? null };
    }
    return { kind: 'not-found' };
  }
  const { credential, configuration } = access.files;
  const context = {
    courseId: configuration.course?.id ?? null,
    learningPathId: configuration.learningPath?.id ?? null,
  };
  const organization = await loadEffectiveProfile(em, context);
  const ownPage = await templatePage(deps.storage, credential, configuration.template);
  const page = pageOf(configuration.template);
  const signatories = await Promise.all(
    configuration.signatories.slice(0, 4).map(async (signatory) => ({
      name: signatory.name,
      title: signatory.title,
      organization: signatory.organization,
      signature: await imageOf(em, deps.storage, signatory.signatureAssetId),
    })),
  );
  return {
    kind: 'certificate',
    certificate: {
      verificationId: credential.verificationId,
      verificationUrl: verificationUrlOf(deps.verification.publicUrl, credential.verificationId),
      learnerName: credential.learnerName,
      configurationName: credential.configurationName,
      title: configuration.titleOverride ?? credential.contextTitle,
      organizationName: organization.name,
      organizationUrl: organization.url,
      logo: await imageOf(em, deps.storage, organization.logoAssetId),
      tier: configuration.tier,
      kind: configuration.kind,
      contextKind: context.learningPathId ? 'path' : 'course',
      achievement: achievementOf(credential.issuedEvaluation),
      issuedAt: result.issuedAt ?? credential.issuedAt ?? credential.createdAt,
      locale: configuration.locale,
      messages: configuration.certificateMessages ?? {},
      page: ownPage ? { ...page, orientation: ownPage.orientation } : page,
      pageImage: ownPage?.image ?? null,
      signatories,
      signatureValid: result.signatureValid,
      isPublic: credential.isPublic,
    },
  };
}
