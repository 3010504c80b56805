import { round4 } from '../../src/modules/eligibility';

/** The rounding as specified: always cut to 12 significant digits, then round half-up. */
function reference(value: number): number {
  if (!Number.isFinite(value)) return value;
  const scaled = Number((Math.abs(value) * 1e4).toPrecision(12));
  const rounded = Math.round(scaled) / 1e4;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

describe('round4 skips the 12-digit cut only where it cannot change the result', () => {
  it('agrees with the reference on values at, just below and just above every half', () => {
    const mismatches: number[] = [];
    for (let i = 0; i <= 20_000; i++) {
      const half = (i + 0.5) / 1e4;
      for (const value of [
        half,
        half - 1e-12,
        half + 1e-12,
        half - 1e-15,
        half - 1e-9,
        half + 1e-9,
        -half,
        i / 1e4,
        (i * 3) / 7 / 1e4,
      ]) {
        if (!Object.is(round4(value), reference(value))) mismatches.push(value);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with the reference on sums and quotients as the evaluator computes them', () => {
    const mismatches: number[] = [];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 100_000; i++) {
      const possible = 1 + Math.floor(random() * 300);
      const earned = Math.floor(random() * possible * 100) / 100;
      const weight = Math.round(random() * 100) / 100;
      for (const value of [earned / possible, weight * (earned / possible), random() * 3]) {
        if (!Object.is(round4(value), reference(value))) mismatches.push(value);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
