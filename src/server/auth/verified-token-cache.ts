import type { Viewer } from '../../shared/access';

interface Entry {
  viewer: Viewer;
  /** Epoch ms after which the entry is not used: the token's exp, or sooner. */
  until: number;
}

/**
 * Viewers of tokens already verified, by the token string, so a caller sending the same
 * token again skips the signature check. Bounded (least recently used goes first); an
 * entry lives until the token's `exp` and never longer than `maxAgeMs`, so a token signed
 * by a key since removed from the JWKS is not trusted for longer than that.
 */
export class VerifiedTokenCache {
  // A Map iterates in insertion order: re-inserting on each hit keeps the oldest first.
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): Viewer | null {
    const entry = this.entries.get(token);
    if (entry === undefined) return null;
    this.entries.delete(token);
    if (this.now() >= entry.until) return null;
    this.entries.set(token, entry);
    return entry.viewer;
  }

  /** Remembers a verified token; one without an expiry is never remembered. */
  set(token: string, viewer: Viewer): void {
    if (this.maxEntries <= 0 || viewer.expiresAt === null) return;
    const now = this.now();
    const until = Math.min(viewer.expiresAt.getTime(), now + this.maxAgeMs);
    if (until <= now) return;
    this.entries.delete(token);
    this.entries.set(token, { viewer, until });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
