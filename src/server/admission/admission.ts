import type { AdmissionConfig } from '../../config';
import { AdaptiveLimit } from './adaptive-limit';
import { type Pressure, PressureGauge } from './pressure';
import { PRIORITIES, type Priority } from './priority';

/**
 * Admission control of one process: the one check every GraphQL operation passes before
 * its body is read (HTTP) or its message is run (graphql-ws), and that the Open edX
 * connector waits on before it applies a batch. An operation runs at once while fewer
 * than the limit (see AdaptiveLimit) are in flight, else waits in a short queue, else is
 * refused; while the event loop lags or the heap is nearly full, reads and admin work are
 * refused beyond the minimum limit. Ingest waits longest and is evicted last.
 */

export type ShedReason = 'capacity' | 'queue_timeout' | Pressure;

export type Decision =
  | { admitted: true; release: () => void }
  | { admitted: false; reason: ShedReason; retryAfterSeconds: number };

export interface AdmissionStatus {
  limit: number;
  inFlight: number;
  queued: number;
  pressure: Pressure | null;
  /** Something was refused in the last second, or pressure is on: /readyz says 503. */
  overloaded: boolean;
}

export interface Admission {
  /** Waits for a place for one operation, or tells why there is none. */
  admit(priority: Priority): Promise<Decision>;
  status(): AdmissionStatus;
  /** Called with every refusal (metrics). */
  onShed(listener: (reason: ShedReason, priority: Priority) => void): void;
  start(): void;
  stop(): void;
}

export const RETRY_AFTER_SECONDS = 1;
/** Of the limit, what ingest and bulk work may hold at most: interactive work keeps the rest. */
const SHARE: Record<Priority, number> = { ingest: 0.5, interactive: 1, bulk: 0.5 };
/** Who is evicted from a full queue first (lowest first). */
const RANK: Record<Priority, number> = { bulk: 0, interactive: 1, ingest: 2 };
const OVERLOADED_FOR_MS = 1000;
/** Weight of each new sample in the mean service time (about the last 20 operations). */
const SERVICE_WEIGHT = 0.05;
/**
 * A waiter is queued only when its expected wait is within this share of its deadline: an
 * estimate is rough, and a wait that runs out ends in a refusal that came late.
 */
const WAIT_MARGIN = 0.5;

interface Waiter {
  priority: Priority;
  resolve(decision: Decision): void;
  timer: NodeJS.Timeout;
}

class Controller implements Admission {
  private readonly limit: AdaptiveLimit;
  private readonly pressure: PressureGauge;
  private inFlight = 0;
  private readonly inFlightOf: Record<Priority, number> = { ingest: 0, interactive: 0, bulk: 0 };
  private readonly queues: Record<Priority, Waiter[]> = { ingest: [], interactive: [], bulk: [] };
  private queued = 0;
  private lastShed = -Infinity;
  /** Mean time of admitted operations per priority, recent ones weighing most. */
  private readonly serviceMs: Record<Priority, number> = { ingest: 0, interactive: 0, bulk: 0 };
  private readonly listeners: ((reason: ShedReason, priority: Priority) => void)[] = [];

  constructor(private readonly config: AdmissionConfig) {
    this.limit = new AdaptiveLimit({
      initial: config.initialInFlight,
      min: config.minInFlight,
      max: config.maxInFlight,
      targetLatencyMs: config.targetLatencyMs,
    });
    this.pressure = new PressureGauge(config);
  }

  start(): void {
    this.pressure.start();
  }

  stop(): void {
    this.pressure.stop();
    for (const priority of PRIORITIES) {
      for (const waiter of this.queues[priority].splice(0)) {
        clearTimeout(waiter.timer);
        waiter.resolve(this.refusal('capacity', priority));
      }
    }
    this.queued = 0;
  }

  onShed(listener: (reason: ShedReason, priority: Priority) => void): void {
    this.listeners.push(listener);
  }

  status(): AdmissionStatus {
    const pressure = this.pressure.current();
    return {
      limit: this.effectiveLimit(),
      inFlight: this.inFlight,
      queued: this.queued,
      pressure,
      overloaded: pressure !== null || performance.now() - this.lastShed < OVERLOADED_FOR_MS,
    };
  }

  admit(priority: Priority): Promise<Decision> {
    // Waiters of other priorities wait because they do not fit (every release grants).
    if (this.queues[priority].length === 0 && this.fits(priority)) {
      return Promise.resolve(this.enter(priority));
    }
    const pressure = this.pressure.current();
    if (pressure !== null && priority !== 'ingest') {
      return Promise.resolve(this.refusal(pressure, priority));
    }
    const wait = priority === 'ingest' ? this.config.ingestWaitMs : this.config.queueTimeoutMs;
    // A wait likely to run out is refused now: a refusal is worth most at once.
    if (
      wait === 0 ||
      this.expectedWaitMs(priority) > wait * WAIT_MARGIN ||
      !this.makeRoomFor(priority)
    ) {
      return Promise.resolve(this.refusal('capacity', priority));
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        priority,
        resolve,
        timer: setTimeout(() => {
          this.remove(waiter);
          resolve(this.refusal('queue_timeout', priority));
        }, wait),
      };
      this.queues[priority].push(waiter);
      this.queued += 1;
    });
  }

  /**
   * How long a new waiter of `priority` would wait, in the order places are handed on:
   * everyone queued before it in that order, through the whole limit at the recent pace of
   * all work, and the waiters of its own priority through the places its share allows at
   * that priority's pace; whichever is longer. Infinite while a waiter granted before it
   * could take the next place: under overload, newer such arrivals keep coming first.
   */
  private expectedWaitMs(priority: Priority): number {
    let ahead = 1;
    for (const other of PRIORITIES) {
      if (other === priority) break;
      const waiting = this.queues[other].length;
      if (waiting > 0 && this.takesAnyPlace(other)) return Infinity;
      ahead += waiting;
    }
    const own = this.queues[priority].length + 1;
    ahead += own - 1;
    const overall = (ahead * this.meanServiceMs()) / Math.max(1, this.effectiveLimit());
    return Math.max(overall, (own * this.serviceMs[priority]) / this.placesOf(priority));
  }

  /** Whether any freed place would go to a waiter of `priority` (not held back by its share). */
  private takesAnyPlace(priority: Priority): boolean {
    const places = this.placesOf(priority);
    return this.inFlightOf[priority] < places || places >= this.effectiveLimit();
  }

  /** The recent mean service time over the work in flight's mix of priorities. */
  private meanServiceMs(): number {
    let weighted = 0;
    let count = 0;
    for (const priority of PRIORITIES) {
      weighted += this.serviceMs[priority] * this.inFlightOf[priority];
      count += this.inFlightOf[priority];
    }
    return count === 0 ? 0 : weighted / count;
  }

  /** Places `priority` may hold at once: its share of the current limit, at least one. */
  private placesOf(priority: Priority): number {
    return Math.max(1, Math.floor(this.effectiveLimit() * SHARE[priority]));
  }

  /** Under pressure only the minimum runs. */
  private effectiveLimit(): number {
    return this.pressure.current() === null ? this.limit.current : this.config.minInFlight;
  }

  private fits(priority: Priority): boolean {
    const limit = this.effectiveLimit();
    if (this.inFlight >= limit) return false;
    return this.inFlightOf[priority] < this.placesOf(priority);
  }

  /** A place in the full queue: the newest waiter of a lower rank is refused for it. */
  private makeRoomFor(priority: Priority): boolean {
    if (this.queued < this.config.queueSize) return true;
    for (const victim of PRIORITIES.slice().sort((a, b) => RANK[a] - RANK[b])) {
      if (RANK[victim] >= RANK[priority]) return false;
      const waiter = this.queues[victim].pop();
      if (waiter === undefined) continue;
      clearTimeout(waiter.timer);
      this.queued -= 1;
      waiter.resolve(this.refusal('capacity', victim));
      return true;
    }
    return false;
  }

  private enter(priority: Priority): Decision {
    this.inFlight += 1;
    this.inFlightOf[priority] += 1;
    const started = performance.now();
    const inFlight = this.inFlight;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.inFlightOf[priority] -= 1;
        const ms = performance.now() - started;
        this.serviceMs[priority] += (ms - this.serviceMs[priority]) * SERVICE_WEIGHT;
        this.limit.sample(ms, inFlight);
        this.grant();
      },
    };
  }

  /** Hands freed places to waiters: ingest first, then interactive work, then bulk. */
  private grant(): void {
    for (const priority of PRIORITIES) {
      const queue = this.queues[priority];
      while (queue.length > 0 && this.fits(priority)) {
        const waiter = queue.shift()!;
        clearTimeout(waiter.timer);
        this.queued -= 1;
        waiter.resolve(this.enter(priority));
      }
    }
  }

  private remove(waiter: Waiter): void {
    const queue = this.queues[waiter.priority];
    const index = queue.indexOf(waiter);
    if (index === -1) return;
    queue.splice(index, 1);
    this.queued -= 1;
  }

  private refusal(reason: ShedReason, priority: Priority): Decision {
    this.lastShed = performance.now();
    for (const listener of this.listeners) listener(reason, priority);
    return { admitted: false, reason, retryAfterSeconds: RETRY_AFTER_SECONDS };
  }
}

/** Lets everything through (ADMISSION_MAX_IN_FLIGHT=0), counting nothing. */
const OPEN: Admission = {
  admit: () => Promise.resolve({ admitted: true, release: () => {} }),
  status: () => ({ limit: 0, inFlight: 0, queued: 0, pressure: null, overloaded: false }),
  onShed: () => {},
  start: () => {},
  stop: () => {},
};

export function createAdmission(config: AdmissionConfig): Admission {
  return config.maxInFlight === 0 ? OPEN : new Controller(config);
}

/**
 * What the Open edX connector waits on before it applies a batch: a place for ingest,
 * asked for again while refused (the bus is read slower; nothing is lost). Resolves with
 * the place's release, or null once `stopping` says so.
 */
export function ingestRoom(admission: Admission) {
  return async (stopping: () => boolean): Promise<(() => void) | null> => {
    while (!stopping()) {
      const decision = await admission.admit('ingest');
      if (decision.admitted) return decision.release;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  };
}
