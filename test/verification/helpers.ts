import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  canonicalCredentialData,
  loadOrCreateSigningKey,
} from '../../src/modules/issuance/signing';
import { createStorage } from '../../src/modules/issuance/storage';
import type { TestApp } from '../support/app';

export const COURSE_ID = 'course-v1:Laurel+VER101+2026';
export const COURSE_TITLE = 'Verifiable Things 101';
export const PATH_ID = 'path-v1:Laurel+VER+2026+main';
export const PATH_TITLE = 'Verification Track';
export const CONFIGURATION_NAME = 'Certificate of Achievement';
export const ISSUED_AT = new Date('2026-11-20T09:30:00.123Z');

export type StoredStatus =
  'PENDING' | 'GENERATING' | 'AVAILABLE' | 'ERROR' | 'INVALIDATED' | 'REVOKED';

export interface SeededCredential {
  id: string;
  verificationId: string;
  learnerName: string;
  sha256: string | null;
  pdf: Buffer | null;
}

export interface CredentialOptions {
  status: StoredStatus;
  learnerName?: string;
  reason?: string;
  /** Default: the course configuration. */
  context?: 'course' | 'path';
  /** Sign the canonical data with the app's key (default true when issued). */
  sign?: boolean;
  /** Store a PDF and record its sha256 (default true when issued). */
  withFile?: boolean;
}

/** A small PDF-looking file with unique content. */
export function fakePdf(label: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% ${label} ${randomUUID()}\n%%EOF\n`, 'utf8');
}

export const sha256Of = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * Writes credential rows straight into the app's database, as the issuer would leave them:
 * issued ones with a stored PDF, its sha256 and an Ed25519 signature by the app's key.
 */
export class CredentialSeeder {
  private readonly client: Client;
  private courseConfigId = randomUUID();
  private pathConfigId = randomUUID();
  private count = 0;

  constructor(private readonly app: TestApp) {
    this.client = new Client({ connectionString: app.databaseUrl });
  }

  async start(): Promise<void> {
    await this.client.connect();
    await this.client.query(
      `insert into course (id, title, grading_policy) values ($1, $2, '[]')`,
      [COURSE_ID, COURSE_TITLE],
    );
    await this.client.query(`insert into learning_path (id, title) values ($1, $2)`, [
      PATH_ID,
      PATH_TITLE,
    ]);
    await this.client.query(
      `insert into credential_configuration (id, name, course_id, learning_path_id, requirements)
       values ($1, $2, $3, null, '[]'), ($4, $2 || ' (track)', null, $5, '[]')`,
      [this.courseConfigId, CONFIGURATION_NAME, COURSE_ID, this.pathConfigId, PATH_ID],
    );
  }

  async stop(): Promise<void> {
    await this.client.end();
  }

  query(sql: string, params: unknown[] = []) {
    return this.client.query(sql, params);
  }

  async insert(options: CredentialOptions): Promise<SeededCredential> {
    this.count += 1;
    const issued = ['AVAILABLE', 'INVALIDATED', 'REVOKED'].includes(options.status);
    const learnerId = `verify-learner-${this.count}`;
    const learnerName = options.learnerName ?? `Learner Number ${this.count}`;
    const id = randomUUID();
    const verificationId = randomUUID();
    const onPath = options.context === 'path';
    const configurationId = onPath ? this.pathConfigId : this.courseConfigId;
    const configurationName = onPath ? `${CONFIGURATION_NAME} (track)` : CONFIGURATION_NAME;
    const contextTitle = onPath ? PATH_TITLE : COURSE_TITLE;

    let pdf: Buffer | null = null;
    let storageKey: string | null = null;
    if (options.withFile ?? issued) {
      pdf = fakePdf(learnerName);
      storageKey = `credentials/${id}.pdf`;
      await createStorage(this.app.config.storage).put(storageKey, pdf, 'application/pdf');
    }
    const sha256 = pdf ? sha256Of(pdf) : null;
    let signature: string | null = null;
    if ((options.sign ?? issued) && sha256 !== null) {
      const key = await loadOrCreateSigningKey(this.app.config.home);
      signature = key.sign(
        canonicalCredentialData({
          verificationId,
          learnerName,
          credentialName: configurationName,
          contextId: onPath ? PATH_ID : COURSE_ID,
          contextTitle,
          issuedAt: ISSUED_AT,
          sha256,
        }),
      );
    }

    await this.client.query(`insert into learner (id, name) values ($1, $2)`, [
      learnerId,
      learnerName,
    ]);
    await this.client.query(
      `insert into credential (id, verification_id, learner_id, configuration_id, learner_name,
         context_title, configuration_name, status, issued_at, storage_key, sha256, signature,
         last_error, invalidated_at, revoked_at, reason)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        id,
        verificationId,
        learnerId,
        configurationId,
        learnerName,
        contextTitle,
        configurationName,
        options.status,
        issued ? ISSUED_AT : null,
        storageKey,
        sha256,
        signature,
        options.status === 'ERROR' ? 'storage unavailable' : null,
        options.status === 'INVALIDATED' ? new Date() : null,
        options.status === 'REVOKED' ? new Date() : null,
        options.reason ?? null,
      ],
    );
    return { id, verificationId, learnerName, sha256, pdf };
  }
}

/** The site root of a test app (its GraphQL URL without `/graphql`). */
export const siteOf = (app: TestApp): string => app.laurel.url.replace(/\/graphql$/, '');
