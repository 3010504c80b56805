import type { EntityManager } from '@mikro-orm/postgresql';
import { loadStaffGrants, type StaffGrants } from './course-access-roles';

export interface StaffGrantsCacheOptions {
  /** How long loaded grants are used without reading them again. */
  ttlMs?: number;
  /** Users remembered at most (the earliest read go first). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  grants: StaffGrants | null;
  /** The read under way; set while `grants` is null or being refreshed. */
  loading: Promise<StaffGrants> | null;
  until: number;
}

/** A role removed elsewhere is honoured after at most this long, even when no event says so. */
export const STAFF_GRANTS_TTL_MS = 15_000;

/**
 * Each user's Open edX staff grants, read once and then answered from memory until they
 * expire or `invalidate` (a role change) drops them. One read per user at a time.
 */
export class StaffGrantsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly em: () => EntityManager,
    options: StaffGrantsCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? STAFF_GRANTS_TTL_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The grants, without waiting when fresh ones are in memory. */
  grantsOf(userId: string): StaffGrants | Promise<StaffGrants> {
    const entry = this.entries.get(userId);
    if (entry !== undefined) {
      if (entry.grants !== null && this.now() < entry.until) return entry.grants;
      if (entry.loading !== null) return entry.loading;
    }
    return this.load(userId);
  }

  /** Forgets a user's grants: the next request reads them again. */
  invalidate(userId: string): void {
    this.entries.delete(userId);
  }

  clear(): void {
    this.entries.clear();
  }

  private load(userId: string): Promise<StaffGrants> {
    const entry: Entry = { grants: null, loading: null, until: 0 };
    const loading = loadStaffGrants(this.em(), userId).then(
      (grants) => {
        // Dropped (invalidated) while it was read: the answer may predate the change.
        if (this.entries.get(userId) === entry) {
          entry.grants = grants;
          entry.loading = null;
          entry.until = this.now() + this.ttlMs;
        }
        return grants;
      },
      (error: unknown) => {
        if (this.entries.get(userId) === entry) this.entries.delete(userId);
        throw error;
      },
    );
    entry.loading = loading;
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return loading;
  }
}
