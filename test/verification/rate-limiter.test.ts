import { ConfigError, loadConfig } from '../../src/config';
import { clientKey, FixedWindowRateLimiter, RateLimitedError } from '../../src/shared/rate-limit';

function limiterAt(limit: number, options: { maxKeys?: number } = {}) {
  const clock = { now: 1_000_000 };
  const limiter = new FixedWindowRateLimiter({
    limit,
    windowMs: 60_000,
    now: () => clock.now,
    ...options,
  });
  return { limiter, clock };
}

describe('FixedWindowRateLimiter', () => {
  it('allows `limit` requests per window and key, then refuses until the window ends', () => {
    const { limiter, clock } = limiterAt(3);
    expect([1, 2, 3].map(() => limiter.consume('a').remaining)).toEqual([2, 1, 0]);
    clock.now += 15_000;
    expect(limiter.consume('a')).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      retryAfterSeconds: 45,
    });
    expect(limiter.consume('b').allowed).toBe(true);
    clock.now += 44_999;
    expect(limiter.consume('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.now += 1;
    expect(limiter.consume('a')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('throws RateLimitedError with retryAfterSeconds from enforce', () => {
    const { limiter } = limiterAt(1);
    limiter.enforce('a');
    try {
      limiter.enforce('a');
      throw new Error('enforce let a second request through');
    } catch (error) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: 60,
        details: { retryAfterSeconds: 60 },
      });
    }
  });

  it('never limits with a limit of 0', () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 1000; i += 1) expect(limiter.consume('a').allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('forgets ended windows, and holds at most maxKeys', () => {
    const { limiter, clock } = limiterAt(5, { maxKeys: 100 });
    for (let i = 0; i < 250; i += 1) limiter.consume(`k${i}`);
    expect(limiter.size).toBe(100);
    clock.now += 60_000;
    limiter.consume('fresh');
    expect(limiter.size).toBe(1);
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:127.0.0.1', '127.0.0.1'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:9', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
    ['', 'unknown'],
  ])('keys %s as %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

describe('configuration', () => {
  it('defaults to 60 verifications a minute and no trusted proxy', () => {
    expect(loadConfig({})).toMatchObject({
      trustProxy: false,
      verification: { rateLimitPerMinute: 60 },
    });
  });

  it.each([
    [{ VERIFY_RATE_LIMIT: '0' }, { verification: { rateLimitPerMinute: 0 } }],
    [{ VERIFY_RATE_LIMIT: '600' }, { verification: { rateLimitPerMinute: 600 } }],
    [{ TRUST_PROXY: 'true' }, { trustProxy: true }],
    [{ TRUST_PROXY: 'false' }, { trustProxy: false }],
    [{ TRUST_PROXY: '2' }, { trustProxy: 2 }],
    [
      { TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1' },
      { trustProxy: ['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1'] },
    ],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    ['VERIFY_RATE_LIMIT', '-1'],
    ['VERIFY_RATE_LIMIT', 'many'],
    ['TRUST_PROXY', 'yes please'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'loopback,proxy.internal'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(variable);
  });
});
