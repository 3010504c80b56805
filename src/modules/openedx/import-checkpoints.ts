import type { EntityManager } from '@mikro-orm/postgresql';
import { OpenedxImport } from './openedx-import.entity';

export const PHASES = ['enrollments', 'grades', 'completions'] as const;
export type Phase = (typeof PHASES)[number];

export interface Checkpoint {
  cursor: string | null;
  done: boolean;
  note: string | null;
}

const EMPTY: Checkpoint = { cursor: null, done: false, note: null };

/** The backfill's place per course and phase (table openedx_import). */
export class ImportCheckpoints {
  constructor(private readonly em: () => EntityManager) {}

  async load(courseId: string): Promise<Map<Phase, Checkpoint>> {
    const rows = await this.em().find(OpenedxImport, { courseId });
    const byPhase = new Map<Phase, Checkpoint>();
    for (const phase of PHASES) {
      const row = rows.find((r) => r.phase === phase);
      byPhase.set(phase, row ? { cursor: row.cursor, done: row.done, note: row.note } : EMPTY);
    }
    return byPhase;
  }

  async save(courseId: string, phase: Phase, checkpoint: Checkpoint): Promise<void> {
    await this.em().upsert(OpenedxImport, {
      courseId,
      phase,
      cursor: checkpoint.cursor,
      done: checkpoint.done,
      note: checkpoint.note,
      updatedAt: new Date(),
    });
  }

  async clear(courseId: string): Promise<void> {
    await this.em().nativeDelete(OpenedxImport, { courseId });
  }
}
