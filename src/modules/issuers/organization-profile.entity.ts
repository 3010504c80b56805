import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Timestamps } from '../../shared/timestamps';

/**
 * The instance's organization profile (key `instance`) or an override of it for one course
 * (`course:<id>`) or learning path (`learning_path:<id>`). In an override, a null field
 * keeps the instance's value.
 */
@Entity({ tableName: 'organization_profile' })
export class OrganizationProfileRow extends Timestamps {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'text', nullable: true })
  url: string | null = null;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** Slug of an uploaded PNG or JPEG. */
  @Property({ type: 'text', nullable: true })
  logoAssetId: string | null = null;
}
