import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Webhook targets must be public: a URL naming (or resolving to) a loopback, private,
 * link-local, shared, multicast or otherwise special address would let an admin token reach
 * the inside of Laurel's network (SSRF). The check is made on the addresses the connection
 * actually uses, so a name that resolves differently later (DNS rebinding) is caught too.
 */

const IPV4_SPECIAL: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const IPV6_SPECIAL: [string, number][] = [
  // Unspecified, loopback and the deprecated IPv4-compatible addresses.
  ['::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const special = new BlockList();
for (const [address, prefix] of IPV4_SPECIAL) special.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of IPV6_SPECIAL) special.addSubnet(address, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const value = (parseInt(hex[1], 16) << 16) | parseInt(hex[2], 16);
    return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const value = (parseInt(sixToFour[1], 16) << 16) | parseInt(sixToFour[2], 16);
    return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
  }
  return null;
}

/** Whether an IP address is not a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return special.check(address, 'ipv4');
  const inner = embeddedIpv4(address);
  if (inner !== null && special.check(inner, 'ipv4')) return true;
  return special.check(address, 'ipv6');
}

export class BlockedAddressError extends Error {
  constructor(host: string, address: string) {
    super(
      `${host} resolves to ${address}, a loopback, private or link-local address (WEBHOOK_ALLOW_PRIVATE=true allows it)`,
    );
    this.name = 'BlockedAddressError';
  }
}

/** The host of a URL as `net` wants it (IPv6 literals without their brackets). */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses it when any of its
 * addresses is not public; the connection then uses the addresses that were checked.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, family: options.family }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = allowPrivate
        ? undefined
        : addresses.find((entry) => isNonPublicAddress(entry.address));
      if (blocked) {
        return callback(
          Object.assign(new BlockedAddressError(hostname, blocked.address), { code: 'EBLOCKED' }),
          [],
        );
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first.address, first.family);
    });
  };
}

/** Resolves the URL's host now and names the first non-public address, if any (checked at registration). */
export async function blockedAddressOf(url: URL): Promise<string | null> {
  const host = bareHost(url);
  if (isIP(host)) return isNonPublicAddress(host) ? host : null;
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
  );
  return addresses.find((entry) => isNonPublicAddress(entry.address))?.address ?? null;
}
