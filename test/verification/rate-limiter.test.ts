import { ConfigError, loadConfig } from '../../src/config';
import { clientKey } from '../../src/shared/rate-limit';

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
