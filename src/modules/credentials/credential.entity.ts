import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Evaluation } from '../eligibility';
import { Learner } from '../progress/learner.entity';
import { Timestamps } from '../../shared/timestamps';
import { CredentialConfiguration } from './credential-configuration.entity';
import { CredentialStatus, LIVE_STATUSES, sqlStatuses } from './credential.enums';

/**
 * One issuance. At most one live credential (PENDING, GENERATING, AVAILABLE, ERROR)
 * per learner and configuration: concurrent triggers converge on it.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'One issued (or issuing) credential.' })
@Entity({ tableName: 'credential' })
@Index({
  name: 'credential_one_live_per_learner',
  expression: `create unique index "credential_one_live_per_learner" on "credential" ("learner_id", "configuration_id") where "status" in (${sqlStatuses(...LIVE_STATUSES)})`,
})
@Index({
  name: 'credential_expiring',
  expression: `create index "credential_expiring" on "credential" ("expires_at") where "status" = '${CredentialStatus.AVAILABLE}' and "expires_at" is not null`,
})
@Index({ properties: ['configuration', 'status'] })
@Index({ properties: ['learner'] })
export class Credential extends Timestamps {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => ID, { description: 'Public id printed on the certificate and used to verify it.' })
  @Property({ type: 'uuid', unique: true })
  verificationId: string = randomUUID();

  @ManyToOne(() => Learner, { deleteRule: 'restrict' })
  learner!: Learner;

  @ManyToOne(() => CredentialConfiguration, { deleteRule: 'restrict' })
  configuration!: CredentialConfiguration;

  @Field({ description: "The learner's name when the credential was issued." })
  @Property({ type: 'text' })
  learnerName!: string;

  @Property({ type: 'text' })
  contextTitle!: string;

  @Property({ type: 'text' })
  configurationName!: string;

  @Field(() => CredentialStatus)
  @Enum({ items: () => CredentialStatus, default: CredentialStatus.PENDING })
  status: CredentialStatus = CredentialStatus.PENDING;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  issuedAt: Date | null = null;

  @Field(() => Date, {
    nullable: true,
    description: "When it stops being valid (its configuration's validFor); null = never.",
  })
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  /**
   * The learner's evaluation when it was issued: what Open Badges report as results (the
   * grades the rules asked for) and what a certificate may print.
   */
  @Property({ type: 'json', nullable: true })
  issuedEvaluation: Evaluation | null = null;

  @Property({ type: 'text', nullable: true })
  storageKey: string | null = null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the PDF, hex.' })
  @Property({ type: 'text', nullable: true })
  sha256: string | null = null;

  /** Ed25519 signature (base64url) of the canonical credential data. */
  @Property({ type: 'text', nullable: true })
  signature: string | null = null;

  /** `keyId()` of the key that made `signature`, so keys can rotate. */
  @Property({ type: 'text', nullable: true })
  signingKeyId: string | null = null;

  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  /** The last failure's detail; GraphQL's `error` shows it to admins and staff only. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  invalidatedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why it was invalidated or revoked.' })
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Field(() => Boolean, {
    name: 'public',
    description:
      'The learner made it public: anyone with its link may see it, download it and preview it when shared.',
  })
  @Property({ type: 'boolean', fieldName: 'public', default: false })
  isPublic: boolean = false;

  @ManyToOne(() => Credential, { nullable: true, deleteRule: 'set null' })
  supersededBy: Credential | null = null;

  /** The expired credential this one renews (its configuration's `renewal`). */
  @ManyToOne(() => Credential, { nullable: true, deleteRule: 'set null' })
  @Index()
  renews: Credential | null = null;

  /** EXPIRED: when renewal last found the learner not (yet) meeting the rules again. */
  @Property({ type: 'timestamptz', nullable: true })
  renewalCheckedAt: Date | null = null;
}
