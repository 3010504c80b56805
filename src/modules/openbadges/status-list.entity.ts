import { Entity, Index, ManyToOne, OneToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Credential } from '../credentials/credential.entity';

/**
 * A W3C Bitstring Status List: `size` bits, one per credential entry, a set bit meaning
 * the credential's status (`purpose`) applies. `credential` is the signed
 * `BitstringStatusListCredential` served at `/status-lists/<id>`; null until first signed.
 */
@Entity({ tableName: 'status_list' })
@Index({ name: 'status_list_open_idx', properties: ['purpose', 'createdAt'] })
export class StatusList {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  purpose!: string;

  /** In bits; a multiple of 8. */
  @Property({ type: 'integer' })
  size!: number;

  /** The bitstring, first index in the most significant bit of the first byte (as encoded). */
  @Property({ type: 'blob' })
  bits!: Buffer;

  /** How many indexes are allocated to credentials. */
  @Property({ type: 'integer', default: 0 })
  allocated: number = 0;

  @Property({ type: 'jsonb', nullable: true })
  credential: Record<string, unknown> | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

/** A credential's place in a status list; an index is given to one credential only. */
@Entity({ tableName: 'status_list_entry' })
@Unique({ name: 'status_list_entry_list_index_unique', properties: ['list', 'listIndex'] })
export class StatusListEntry {
  @OneToOne(() => Credential, { primary: true, owner: true, deleteRule: 'cascade' })
  credential!: Credential;

  @ManyToOne(() => StatusList, { deleteRule: 'restrict' })
  list!: StatusList;

  @Property({ type: 'integer' })
  listIndex!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
