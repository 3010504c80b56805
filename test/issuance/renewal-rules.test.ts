// The ORM first: it loads every module's entities and enums in the order they need.
import '../../src/db/orm';
import { RenewalMode } from '../../src/modules/credentials';
import { renewalProblems, renewalWindowOpens } from '../../src/modules/credentials/renewal';
import { expiryOf } from '../../src/modules/credentials/validity';

/** The pure rules of expiry and renewal: window arithmetic and what a configuration may say. */
describe('renewalWindowOpens(expiresAt, renewalWindowStart)', () => {
  it.each([
    ['2027-06-30T12:00:00.000Z', null, '2027-06-30T12:00:00.000Z'],
    ['2027-06-30T12:00:00.000Z', 'P30D', '2027-05-31T12:00:00.000Z'],
    ['2027-06-30T12:00:00.000Z', 'P1M', '2027-05-30T12:00:00.000Z'],
    // A month end that does not exist clamps to the last day, as adding does.
    ['2027-03-31T00:00:00.000Z', 'P1M', '2027-02-28T00:00:00.000Z'],
    ['2028-03-31T00:00:00.000Z', 'P1M', '2028-02-29T00:00:00.000Z'],
    ['2027-01-15T00:00:00.000Z', 'P2M', '2026-11-15T00:00:00.000Z'],
    ['2027-01-01T00:00:00.000Z', 'P1Y', '2026-01-01T00:00:00.000Z'],
    ['2027-01-01T00:00:00.000Z', 'PT36H', '2026-12-30T12:00:00.000Z'],
    ['2027-01-01T00:00:00.000Z', 'P1W', '2026-12-25T00:00:00.000Z'],
  ])('%s less %s opens at %s', (expiresAt, window, opens) => {
    expect(renewalWindowOpens(new Date(expiresAt), window).toISOString()).toBe(opens);
  });

  it('a window as long as the validity opens at issue', () => {
    const issuedAt = new Date('2026-12-01T10:00:00.000Z');
    const expiresAt = expiryOf(issuedAt, 'P90D')!;
    expect(renewalWindowOpens(expiresAt, 'P90D')).toEqual(issuedAt);
  });
});

describe('renewalProblems', () => {
  const config = (renewal: RenewalMode, validFor: string | null, window: string | null = null) =>
    renewalProblems({ renewal, validFor, renewalWindowStart: window }).map((p) => p.field);

  it.each([
    [RenewalMode.NONE, null, null, []],
    [RenewalMode.NONE, 'P1Y', null, []],
    [RenewalMode.AUTOMATIC, 'P1Y', null, []],
    [RenewalMode.REEARN, 'P1Y', 'P30D', []],
    [RenewalMode.REEARN, 'P1Y', null, []],
    [RenewalMode.AUTOMATIC, null, null, ['renewal']],
    [RenewalMode.REEARN, null, 'P30D', ['renewal']],
    [RenewalMode.AUTOMATIC, 'P1Y', 'P30D', ['renewalWindowStart']],
    [RenewalMode.NONE, 'P1Y', 'P30D', ['renewalWindowStart']],
    [RenewalMode.REEARN, 'P1Y', '30 days', ['renewalWindowStart']],
    [RenewalMode.REEARN, 'P1Y', 'P0D', ['renewalWindowStart']],
  ])('%s with validFor %s and window %s: %j', (renewal, validFor, window, fields) => {
    expect(config(renewal, validFor, window)).toEqual(fields);
  });
});
