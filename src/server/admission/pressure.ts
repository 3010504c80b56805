import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import v8 from 'node:v8';

/** Why a process refuses work that has not started: its event loop lags, or its heap is full. */
export type Pressure = 'event_loop_delay' | 'heap';

export interface PressureSettings {
  /** Mean event-loop delay over the last second, in ms; 0 = not watched. */
  maxEventLoopDelayMs: number;
  /** Heap in use in percent of V8's heap limit; 0 = not watched. */
  maxHeapPercent: number;
}

const SAMPLE_MS = 1000;

/**
 * Samples the event-loop delay (perf_hooks, 10 ms resolution) and the heap once a second.
 * Started once the server listens: booting blocks the loop on purpose, and is not judged.
 */
export class PressureGauge {
  private histogram: IntervalHistogram | null = null;
  private timer: NodeJS.Timeout | null = null;
  private state: Pressure | null = null;
  private lastDelayMs = 0;
  private lastHeapPercent = 0;
  private readonly heapLimit = v8.getHeapStatistics().heap_size_limit;

  constructor(private readonly settings: PressureSettings) {}

  start(): void {
    if (this.timer !== null) return;
    if (this.settings.maxEventLoopDelayMs > 0) {
      this.histogram = monitorEventLoopDelay({ resolution: 10 });
      this.histogram.enable();
    }
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.histogram?.disable();
    this.histogram = null;
  }

  /** What presses on the process now, or null. */
  current(): Pressure | null {
    return this.state;
  }

  /** The last second's mean event-loop delay (ms) and heap use (percent of the limit). */
  readings(): { eventLoopDelayMs: number; heapPercent: number } {
    return { eventLoopDelayMs: this.lastDelayMs, heapPercent: this.lastHeapPercent };
  }

  private sample(): void {
    const { maxEventLoopDelayMs, maxHeapPercent } = this.settings;
    if (this.histogram !== null) {
      // The mean, not a high percentile: one long pause (a GC, a big answer) is not
      // overload; a loop that lags all second long is. Nanoseconds; the histogram's
      // resolution is added to every reading.
      this.lastDelayMs = Math.max(0, this.histogram.mean / 1e6 - 10);
      this.histogram.reset();
    }
    this.lastHeapPercent = (v8.getHeapStatistics().used_heap_size / this.heapLimit) * 100;
    if (maxEventLoopDelayMs > 0 && this.lastDelayMs > maxEventLoopDelayMs) {
      this.state = 'event_loop_delay';
    } else if (maxHeapPercent > 0 && this.lastHeapPercent > maxHeapPercent) {
      this.state = 'heap';
    } else {
      this.state = null;
    }
  }
}
