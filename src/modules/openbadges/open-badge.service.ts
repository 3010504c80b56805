import type { EntityManager } from '@mikro-orm/postgresql';
import { CredentialStatus, type Credential, type CredentialConfiguration } from '../credentials';
import { DomainError, InputError } from '../../shared/errors';
import { criteriaNarrative } from './criteria';
import {
  buildAchievement,
  buildOpenBadge,
  signOpenBadge,
  type JsonObject,
  type OpenBadgeInput,
} from './open-badge';
import type { OpenBadgesDeps } from './open-badges.setup';
import { resultsOf } from './results';
import { allocateStatusEntry } from './status-allocation';
import { verifyOpenBadge, type OpenBadgeVerification } from './verify';
import { type Clock, systemClock } from '../../shared/clock';

function achievementInput(
  configuration: CredentialConfiguration,
  name: string,
  contextTitle: string,
): OpenBadgeInput['achievement'] {
  return {
    configurationId: configuration.id,
    kind: configuration.kind,
    name,
    description: `${name}: ${contextTitle}`,
    criteriaNarrative: criteriaNarrative(
      contextTitle,
      configuration.requirements,
      configuration.stepOverrides,
    ),
  };
}

/** Signed credentials kept in memory per process; beyond this the oldest is dropped. */
const CACHE_SIZE = 1000;
/** The largest credential `verifyOpenBadge` accepts, in characters of JSON. */
export const MAX_OPEN_BADGE_CHARS = 256 * 1024;
/** The largest file `POST /verify/open-badge` reads (a badge image is larger than its credential). */
export const MAX_OPEN_BADGE_UPLOAD_BYTES = 1024 * 1024;

/** Far deeper than any credential; deeper JSON would overflow the stack of the JSON-LD tools. */
export const MAX_OPEN_BADGE_DEPTH = 64;

/** Whether `value` nests arrays and objects deeper than `limit` (walked without recursion). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** A credential over `MAX_OPEN_BADGE_CHARS`; HTTP answers it 413. */
export class OpenBadgeTooLargeError extends InputError {
  constructor() {
    super([
      {
        field: 'credential',
        message: `must be at most ${MAX_OPEN_BADGE_CHARS} characters of JSON`,
      },
    ]);
  }
}

/**
 * Open Badges 3.0 credentials are signed on demand: the document is a function of the
 * credential row, its configuration and the learner's e-mail, and the proof's `created` is
 * the issue time, so signing again gives the same bytes (Ed25519 is deterministic) until one
 * of them changes. Results are cached per credential version.
 */
export class OpenBadgeService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: OpenBadgesDeps | undefined,
    /** The time validity periods are judged at (`validUntil`: expired). */
    private readonly clock: Clock = systemClock,
  ) {}

  private get ready(): OpenBadgesDeps {
    if (!this.deps) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'Open Badges are not set up in this process');
    }
    return this.deps;
  }

  /** The issuer name when the organization profile sets none. */
  get defaultIssuerName(): string {
    return this.ready.issuerName;
  }

  /** PUBLIC_URL without a trailing slash. */
  get publicUrl(): string {
    return this.ready.publicUrl;
  }

  /** The signed `OpenBadgeCredential`; null while the credential is not AVAILABLE. */
  async openBadgeOf(
    credential: Credential,
    configuration: CredentialConfiguration,
    learnerEmail: string | null,
    /** The issuing organization (its course's or path's profile); unset fields fall back to config. */
    organization: { name: string | null; url: string | null; email: string | null } = {
      name: null,
      url: null,
      email: null,
    },
  ): Promise<JsonObject | null> {
    if (credential.status !== CredentialStatus.AVAILABLE || credential.issuedAt === null) {
      return null;
    }
    const deps = this.ready;
    const issuer = {
      id: deps.issuerId,
      name: organization.name ?? deps.issuerName,
      url: organization.url ?? deps.issuerUrl,
      email: organization.email,
    };
    // Allocated at issuance; here for credentials issued before status lists existed.
    const status = await allocateStatusEntry(this.em, credential.id);
    const version = [
      JSON.stringify(issuer),
      `${status.listId}#${status.index}`,
      credential.id,
      credential.updatedAt.getTime(),
      configuration.updatedAt.getTime(),
      deps.key.publicKeyMultibase,
      learnerEmail ?? '',
    ].join('\n');
    const cached = deps.cache.get(version);
    if (cached) return structuredClone(cached);

    const unsigned = buildOpenBadge({
      publicUrl: deps.publicUrl,
      verificationId: credential.verificationId,
      issuedAt: credential.issuedAt,
      validUntil: credential.expiresAt,
      issuer,
      learnerEmail,
      achievement: achievementInput(
        configuration,
        credential.configurationName,
        credential.contextTitle,
      ),
      results: resultsOf(credential.issuedEvaluation),
      pdfSha256: credential.sha256,
      status,
    });
    const signed = await signOpenBadge(
      unsigned,
      deps.key,
      deps.issuerId,
      deps.documentLoader,
      credential.issuedAt,
    );
    if (deps.cache.size >= CACHE_SIZE) deps.cache.delete(deps.cache.keys().next().value!);
    deps.cache.set(version, signed);
    return structuredClone(signed);
  }

  /** The configuration's public `Achievement`, the same object its credentials carry. */
  achievementOf(configuration: CredentialConfiguration, contextTitle: string): JsonObject {
    return buildAchievement(
      this.ready.publicUrl,
      achievementInput(configuration, configuration.name, contextTitle),
    );
  }

  /**
   * Verifies any OB 3.0 credential whose issuer resolves offline. The one entry for every
   * caller (GraphQL `verifyOpenBadge`, `POST /verify/open-badge`), so all share its size limit.
   */
  async verify(credential: unknown): Promise<OpenBadgeVerification> {
    if (nestsDeeperThan(credential, MAX_OPEN_BADGE_DEPTH)) {
      throw InputError.of('credential', `must not nest deeper than ${MAX_OPEN_BADGE_DEPTH} levels`);
    }
    const size = JSON.stringify(credential)?.length ?? 0;
    if (size > MAX_OPEN_BADGE_CHARS) throw new OpenBadgeTooLargeError();
    return verifyOpenBadge(credential, this.ready.documentLoader, this.clock.now());
  }
}
