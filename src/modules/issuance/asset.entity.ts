import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Timestamps } from '../../shared/timestamps';

/** A template PDF, font or image (logo, signature) uploaded by an admin, referenced by slug. */
@Entity({ tableName: 'asset' })
export class Asset extends Timestamps {
  @PrimaryKey({ type: 'text' })
  slug!: string;

  @Property({ type: 'text' })
  contentType!: string;

  @Property({ type: 'integer' })
  size!: number;

  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'text' })
  storageKey!: string;

  /** Pages of a template PDF (null for fonts, and for PDFs stored before it was recorded). */
  @Property({ type: 'integer', nullable: true })
  pageCount: number | null = null;
}
