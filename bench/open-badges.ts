/**
 * Open Badges 3.0 per credential: building and signing an `OpenBadgeCredential`
 * (eddsa-rdfc-2022) and verifying it offline, p50/p99 over many credentials.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  buildOpenBadge,
  createDocumentLoader,
  didKeyOf,
  issuerKeyFromSeed,
  signOpenBadge,
  verifyOpenBadge,
  type JsonObject,
} from '../src/modules/openbadges';
import { summarize } from './stats';

export interface OpenBadgeTimings {
  credentials: number;
  signP50Ms: number;
  signP99Ms: number;
  verifyP50Ms: number;
  verifyP99Ms: number;
}

export async function openBadgeTimings(credentials = 200): Promise<OpenBadgeTimings> {
  const key = issuerKeyFromSeed(randomBytes(32));
  const issuerId = didKeyOf(key.publicKeyMultibase);
  const loader = createDocumentLoader();
  const signed: JsonObject[] = [];
  const signing: number[] = [];
  const verifying: number[] = [];
  // The first of each warms the libraries and the context cache; it is not counted.
  for (let i = 0; i <= credentials; i++) {
    const started = performance.now();
    const unsigned = buildOpenBadge({
      publicUrl: 'https://laurel.example.org',
      verificationId: randomUUID(),
      issuedAt: new Date(),
      issuer: { id: issuerId, name: 'Laurel University' },
      learnerEmail: `learner-${i}@example.org`,
      achievement: {
        configurationId: randomUUID(),
        kind: 'CERTIFICATE',
        name: 'Certificate of Achievement',
        description: 'Certificate of Achievement: Benchmarking 101',
        criteriaNarrative: 'Earned in Benchmarking 101. Reach an overall grade of at least 70%.',
      },
      results: [{ name: 'Overall grade', requiredValue: '70', value: String(70 + (i % 30)) }],
      pdfSha256: randomBytes(32).toString('hex'),
    });
    signed.push(await signOpenBadge(unsigned, key, issuerId, loader));
    if (i > 0) signing.push(performance.now() - started);
  }
  for (const [i, credential] of signed.entries()) {
    const started = performance.now();
    const result = await verifyOpenBadge(credential, loader);
    if (!result.verified)
      throw new Error(`credential ${i} did not verify: ${result.errors.join('; ')}`);
    if (i > 0) verifying.push(performance.now() - started);
  }
  const sign = summarize(signing);
  const verify = summarize(verifying);
  return {
    credentials,
    signP50Ms: sign.p50,
    signP99Ms: sign.p99,
    verifyP50Ms: verify.p50,
    verifyP99Ms: verify.p99,
  };
}
