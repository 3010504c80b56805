/**
 * What time it is, as the lifecycle rules see it (availability dates, expiry, renewal).
 * Production reads the system clock; tests inject a clock they move, so nothing waits for
 * real dates.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until it is set or advanced (tests, demos). */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date): void {
    this.current = date.getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
