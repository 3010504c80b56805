const PLACES = 4;
const SCALE = 10 ** PLACES;
/** Significant digits kept before rounding, to absorb binary floating-point error. */
const SIGNIFICANT_DIGITS = 12;

/** Scaled values this close to a half (relative to their size) take the careful path. */
const NEAR_HALF = 1e-9;

/**
 * Rounds half-up (away from zero) to 4 decimal places. The scaled value is first
 * cut to 12 significant digits so that float noise does not decide the rounding:
 * 0.80005 (stored as 0.80004999…) gives 0.8001 and 0.59999999999 gives 0.6.
 * The cut moves a value by less than 1e-11 of itself, so it can only matter near
 * a half; elsewhere it is skipped (it is the slow part, and this runs per learner).
 */
export function round4(value: number): number {
  if (!Number.isFinite(value)) return value;
  const scaled = Math.abs(value) * SCALE;
  const nearHalf = Math.abs(scaled - Math.floor(scaled) - 0.5) <= NEAR_HALF * Math.max(1, scaled);
  const cut = nearHalf ? Number(scaled.toPrecision(SIGNIFICANT_DIGITS)) : scaled;
  const rounded = Math.round(cut) / SCALE;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** A requirement is met when round4(current) >= round4(required). */
export function meets(current: number, required: number): boolean {
  return round4(current) >= round4(required);
}

/** A fraction as shown to people: rounded to 4 places, no trailing zeros. */
export function formatFraction(value: number): string {
  return String(round4(value));
}
