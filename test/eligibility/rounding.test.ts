import { formatFraction, meets, round4 } from '../../src/modules/eligibility';

describe('round4 (half-up to 4 decimals, robust to float error)', () => {
  it.each<[number, number]>([
    [0.59999999999, 0.6],
    [0.80005, 0.8001],
    [0.80004, 0.8],
    [0.80004999, 0.8],
    [0.12345, 0.1235],
    [0.00005, 0.0001],
    [0.00004, 0],
    [0.99995, 1],
    [1.00005, 1.0001],
    [1 / 3, 0.3333],
    [2 / 3, 0.6667],
    [0.1 + 0.2, 0.3],
    [0.3 * 0.9 + 0.3 * 0.9 + 0.4 * 0.7, 0.82],
    [0, 0],
    [1, 1],
    [0.5, 0.5],
    [-0.00005, -0.0001],
    [-0.12344, -0.1234],
  ])('round4(%p) = %p', (value, expected) => {
    expect(round4(value)).toBe(expected);
  });

  it('keeps non-finite values as they are', () => {
    expect(round4(Number.NaN)).toBeNaN();
    expect(round4(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('never returns negative zero', () => {
    expect(Object.is(round4(-0.00001), 0)).toBe(true);
  });
});

describe('meets(current, required)', () => {
  it.each<[number, number, boolean]>([
    [0.59999999999, 0.6, true],
    [0.5999, 0.6, false],
    [0.89996, 0.9, true],
    [0.89994, 0.9, false],
    [0.8, 0.8, true],
    [0.80005, 0.8001, true],
    [0, 0, true],
    [1, 1, true],
    [0.9, 0.85, true],
    [0.8, 0.85, false],
  ])('meets(%p, %p) = %p', (current, required, expected) => {
    expect(meets(current, required)).toBe(expected);
  });
});

describe('formatFraction', () => {
  it.each<[number, string]>([
    [0.45, '0.45'],
    [1 / 3, '0.3333'],
    [0.59999999999, '0.6'],
    [1, '1'],
  ])('formatFraction(%p) = %p', (value, expected) => {
    expect(formatFraction(value)).toBe(expected);
  });
});
