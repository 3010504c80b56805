import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every key that ever signed Open Badges, so that the `did:web` document keeps listing
 * retired keys and credentials they signed still verify after a rotation.
 */
@Entity({ tableName: 'open_badge_key' })
export class OpenBadgeKey {
  /** `z6Mk…`: the Ed25519 public key in Multikey form. */
  @PrimaryKey({ type: 'text' })
  publicKeyMultibase!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  firstUsedAt: Date = new Date();
}
