/**
 * Open Badges 3.0 `OpenBadgeCredential`s: built from an issued credential, signed with a
 * Data Integrity proof (`eddsa-rdfc-2022`), verified offline.
 */
import { createHash } from 'node:crypto';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader';
import type { IssuerKey } from './issuer-key';
import type { OpenBadgeResult } from './results';
import { vcLibraries } from './libraries';
import { statusListEntry, type StatusPosition } from './status-list';

export type JsonObject = Record<string, unknown>;

export interface OpenBadgeInput {
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  verificationId: string;
  issuedAt: Date;
  validUntil?: Date | null;
  issuer: { id: string; name: string; url?: string | null; email?: string | null };
  /** The learner's e-mail, published only salted and hashed; null leaves no identifier. */
  learnerEmail: string | null;
  achievement: {
    configurationId: string;
    kind: 'CERTIFICATE' | 'BADGE';
    name: string;
    description: string;
    criteriaNarrative: string;
  };
  /** The grades the rules asked for, as achieved at issue (OB 3.0 `result`). */
  results?: readonly OpenBadgeResult[];
  /** Hex SHA-256 of the PDF; with it, the PDF is listed as evidence. */
  pdfSha256?: string | null;
  /** Its bit in a status list; with it, a `BitstringStatusListEntry` (revocation). */
  status?: StatusPosition | null;
}

/** A full XSD date-time without milliseconds, as verifiers expect. */
export function dateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A salt that is the same each time this credential is built (so a re-signed document
 * equals the first) and differs between credentials. It is published beside the hash, so a
 * secret salt would add nothing.
 */
export function identitySalt(verificationId: string): string {
  return createHash('sha256')
    .update(`laurel:identity:${verificationId}`)
    .digest('hex')
    .slice(0, 32);
}

/** OB 3.0 `identityHash`: `sha256$` and the hex SHA-256 of the e-mail followed by the salt. */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(email + salt)
    .digest('hex')}`;
}

export function credentialUrl(publicUrl: string, verificationId: string): string {
  return `${publicUrl}/credentials/${verificationId}`;
}

export function achievementUrl(publicUrl: string, configurationId: string): string {
  return `${publicUrl}/achievements/${configurationId}`;
}

/** The `Achievement` of a configuration, as in its credentials and at its own URL. */
export function buildAchievement(
  publicUrl: string,
  achievement: OpenBadgeInput['achievement'],
): JsonObject {
  const id = achievementUrl(publicUrl, achievement.configurationId);
  return {
    id,
    type: ['Achievement'],
    achievementType: achievement.kind === 'BADGE' ? 'Badge' : 'Certificate',
    name: achievement.name,
    description: achievement.description,
    criteria: { narrative: achievement.criteriaNarrative },
    image: { id: `${id}/image.png`, type: 'Image' },
  };
}

/** The unsigned credential. */
export function buildOpenBadge(input: OpenBadgeInput): JsonObject {
  const { publicUrl, verificationId, achievement } = input;
  const achievementObject = buildAchievement(publicUrl, achievement);
  const achievementId = achievementObject.id as string;
  const subject: JsonObject = { type: ['AchievementSubject'], achievement: achievementObject };
  const results = input.results ?? [];
  if (results.length > 0) {
    const descriptionId = (index: number) => `${achievementId}#result-${index + 1}`;
    achievementObject.resultDescription = results.map((result, index) => ({
      id: descriptionId(index),
      type: ['ResultDescription'],
      name: result.name,
      resultType: 'Percent',
      requiredValue: result.requiredValue,
      valueMin: '0',
      valueMax: '100',
    }));
    subject.result = results.map((result, index) => ({
      type: ['Result'],
      resultDescription: descriptionId(index),
      value: result.value,
    }));
  }
  if (input.learnerEmail) {
    const salt = identitySalt(verificationId);
    subject.identifier = [
      {
        type: 'IdentityObject',
        identityHash: identityHash(input.learnerEmail.trim().toLowerCase(), salt),
        identityType: 'emailAddress',
        hashed: true,
        salt,
      },
    ];
  }
  const issuer: JsonObject = { id: input.issuer.id, type: ['Profile'], name: input.issuer.name };
  if (input.issuer.url) issuer.url = input.issuer.url;
  if (input.issuer.email) issuer.email = input.issuer.email;
  const credential: JsonObject = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: credentialUrl(publicUrl, verificationId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    name: achievement.name,
    validFrom: dateTime(input.issuedAt),
    credentialSubject: subject,
  };
  if (input.validUntil) credential.validUntil = dateTime(input.validUntil);
  if (input.status) credential.credentialStatus = statusListEntry(publicUrl, input.status);
  if (input.pdfSha256) {
    credential.evidence = [
      {
        id: `${publicUrl}/verify/${verificationId}/pdf`,
        type: ['Evidence'],
        name: `${achievement.name} (PDF)`,
        description: `SHA-256 of the file: ${input.pdfSha256.toLowerCase()}`,
      },
    ];
  }
  return credential;
}

/** Signs `credential` as `issuerId` (the key's controller); `created` defaults to now. */
export async function signOpenBadge(
  credential: JsonObject,
  key: IssuerKey,
  issuerId: string,
  documentLoader: DocumentLoader,
  created?: Date,
): Promise<JsonObject> {
  const { vc, DataIntegrityProof, cryptosuite } = await vcLibraries();
  const signer = await key.signer(issuerId);
  const suite = new DataIntegrityProof({
    signer,
    cryptosuite,
    ...(created ? { date: dateTime(created) } : {}),
  });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader });
}

/** The RDF Dataset Canonicalization (N-Quads) of a JSON-LD document, as the proof signs it. */
export async function canonicalNQuads(
  document: JsonObject,
  documentLoader: DocumentLoader,
): Promise<string> {
  const { cryptosuite } = await vcLibraries();
  return cryptosuite.canonize(structuredClone(document), {
    documentLoader,
    safe: true,
    base: null,
    skipExpansion: false,
  });
}
