import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Timestamps } from '../../shared/timestamps';

/**
 * Where a backfill stands, per course and phase, so that a rerun after a crash goes on
 * from the last page written: `cursor` is the next LMS page URL, or the last learner done.
 */
@Entity({ tableName: 'openedx_import' })
export class OpenedxImport extends Timestamps {
  [PrimaryKeyProp]?: ['courseId', 'phase'];

  @PrimaryKey({ type: 'text' })
  courseId!: string;

  @PrimaryKey({ type: 'text' })
  phase!: string;

  @Property({ type: 'text', nullable: true })
  cursor: string | null = null;

  @Property({ type: 'boolean', default: false })
  done: boolean = false;

  /** Why a phase was skipped (the gradebook is off…), shown in the summary. */
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
