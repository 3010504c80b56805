/**
 * What the verification page adds for an issued credential: its Open Badges 3.0 check and,
 * when its learner made it public, the ways to share it (LinkedIn, downloads, link previews).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Credential, CredentialConfiguration, CredentialStatus } from '../credentials';
import { loadEffectiveProfile } from '../issuers';
import type { OpenBadgeService, OpenBadgeVerification } from '../openbadges';
import { Learner } from '../progress';
import { certificationName, linkedInAddToProfileUrl, linkedInCertificationOf } from '../sharing';

/** Open Graph and Twitter card values of a shared link (plain text; the page escapes them). */
export interface OpenGraph {
  title: string;
  description: string;
  /** Absolute URL of the badge PNG. */
  image: string;
  /** Absolute URL of the verification page. */
  url: string;
}

/** Relative links (from /verify/<id>) to the credential's files. */
export interface CredentialDownloads {
  openBadge: string;
  png: string;
  svg: string;
}

export interface PageSharing {
  /** The OB 3.0 check of the credential as signed now; null when it could not be made. */
  openBadge: OpenBadgeVerification | null;
  /** The learner made it public: it may be indexed, previewed and shared. */
  isPublic: boolean;
  /** The rest only when public. */
  linkedInUrl: string | null;
  downloads: CredentialDownloads | null;
  openGraph: OpenGraph | null;
}

export interface PageSharingDeps {
  openBadges: OpenBadgeService;
  publicUrl: string;
  /** OPEN_BADGES_ISSUER_NAME: the organization's name when no profile names one. */
  issuerName: string;
  /** Failing to sign or verify leaves the check out of the page rather than failing it. */
  onCheckFailed(error: unknown): void;
  /** Recent checks by signed document (see `checkOf`). */
  checks: CheckCache;
}

/** Checks of documents this process signed, by proof value, with the time they were made. */
export type CheckCache = Map<string, { result: OpenBadgeVerification; at: number }>;

/**
 * Verifying costs some 50 ms of CPU and a page is public. The document is this issuer's own,
 * signed deterministically with its current key, so the answer changes only with time (the
 * validity period): a check is reused for a minute.
 */
const CHECK_TTL_MS = 60_000;
const CHECK_CACHE_SIZE = 1000;

async function checkOf(deps: PageSharingDeps, document: Record<string, unknown>) {
  const proof = document.proof as { proofValue?: unknown } | undefined;
  const key = typeof proof?.proofValue === 'string' ? proof.proofValue : null;
  const cached = key === null ? undefined : deps.checks.get(key);
  if (cached && Date.now() - cached.at < CHECK_TTL_MS) return cached.result;
  const result = await deps.openBadges.verify(document);
  if (key !== null) {
    deps.checks.delete(key);
    if (deps.checks.size >= CHECK_CACHE_SIZE) deps.checks.delete(deps.checks.keys().next().value!);
    deps.checks.set(key, { result, at: Date.now() });
  }
  return result;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** Null unless the credential is AVAILABLE. */
export async function pageSharingOf(
  em: EntityManager,
  deps: PageSharingDeps,
  verificationId: string,
): Promise<PageSharing | null> {
  const credential = await em.findOne(Credential, {
    verificationId,
    status: CredentialStatus.AVAILABLE,
  });
  const configuration =
    credential && (await em.findOne(CredentialConfiguration, { id: credential.configuration.id }));
  if (!credential || !configuration) return null;
  const context = {
    courseId: configuration.course?.id ?? null,
    learningPathId: configuration.learningPath?.id ?? null,
  };
  const [learner, organization] = await Promise.all([
    em.findOne(Learner, { id: credential.learner.id }),
    loadEffectiveProfile(em, context),
  ]);

  let openBadge: OpenBadgeVerification | null = null;
  try {
    const document = await deps.openBadges.openBadgeOf(
      credential,
      configuration,
      learner?.email ?? null,
      organization,
    );
    if (document !== null) openBadge = await checkOf(deps, document);
  } catch (error) {
    deps.onCheckFailed(error);
  }

  const organizationName = organization.name ?? deps.issuerName;
  const certification = linkedInCertificationOf(
    credential,
    configuration,
    organizationName,
    deps.publicUrl,
  );
  if (!credential.isPublic || certification === null) {
    return { openBadge, isPublic: false, linkedInUrl: null, downloads: null, openGraph: null };
  }
  const files = `../credentials/${verificationId}`;
  return {
    openBadge,
    isPublic: true,
    linkedInUrl: linkedInAddToProfileUrl(certification),
    downloads: {
      openBadge: `${files}/open-badge.json`,
      png: `${files}/badge.png`,
      svg: `${files}/badge.svg`,
    },
    openGraph: {
      title: certificationName(
        credential.configurationName,
        credential.contextTitle,
        configuration.titleOverride,
      ),
      description: `Awarded to ${credential.learnerName} by ${organizationName} on ${DATE_FORMAT.format(certification.issuedAt)}.`,
      image: `${deps.publicUrl}/credentials/${verificationId}/badge.png`,
      url: certification.certUrl,
    },
  };
}
