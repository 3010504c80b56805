/**
 * The bound on operations in flight, adapted from their measured time (AIMD, as Netflix's
 * concurrency-limits `AIMDLimit` with a latency threshold), judged only over windows in
 * which the limit was (nearly) reached, since only then can it be the cause: such a window
 * whose 90th percentile exceeds the target shrinks the limit by a tenth, or in proportion
 * to the overshoot (target / p90, as Netflix's Gradient limit, at most halving it) when
 * that is more; one within the target grows it by one. Slow work with places to spare (a
 * slow query, a busy machine) leaves the limit alone: fewer places would not make it faster. A fixed limit is
 * min = max. Time in a queue is not sampled: the limit measures the work, not the wait.
 */
export interface AdaptiveLimitSettings {
  initial: number;
  min: number;
  max: number;
  targetLatencyMs: number;
}

/** A window closes after this long, if it holds enough samples. */
const WINDOW_MS = 250;
const MIN_SAMPLES = 10;
/** A window over the target shrinks the limit by a tenth, or by its overshoot when larger. */
const DECREASE = 0.9;
/** …but never by more than half at once. */
const MAX_DECREASE = 0.5;
/** The limit counts as reached when this share of it was in flight. */
const BUSY_SHARE = 0.8;

export class AdaptiveLimit {
  private value: number;
  private samples: number[] = [];
  private windowStart = performance.now();
  private peakInFlight = 0;

  constructor(private readonly settings: AdaptiveLimitSettings) {
    this.value = settings.initial;
  }

  /** The current limit, a whole number of operations. */
  get current(): number {
    return Math.floor(this.value);
  }

  /** One admitted operation took `ms`; `inFlight` operations ran when it started. */
  sample(ms: number, inFlight: number): void {
    const { min, max, targetLatencyMs } = this.settings;
    if (min === max) return;
    this.samples.push(ms);
    if (inFlight > this.peakInFlight) this.peakInFlight = inFlight;
    const now = performance.now();
    if (now - this.windowStart < WINDOW_MS || this.samples.length < MIN_SAMPLES) return;
    if (this.peakInFlight >= this.current * BUSY_SHARE) {
      const sorted = this.samples.sort((a, b) => a - b);
      const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
      this.value =
        p90 > targetLatencyMs
          ? Math.max(
              min,
              this.value * Math.max(MAX_DECREASE, Math.min(DECREASE, targetLatencyMs / p90)),
            )
          : Math.min(max, this.value + 1);
    }
    this.samples = [];
    this.peakInFlight = 0;
    this.windowStart = now;
  }
}
