/**
 * Decides whether outbound HTTP may reach an IP address. Private, loopback, link-local,
 * unspecified, multicast, reserved and cloud-metadata ranges are refused unless an allowlist
 * of CIDRs covers the address. Used both on literal hosts before connecting and on every
 * address DNS returns at connect time (see guarded-dispatcher.ts), so rebinding cannot bypass it.
 */
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

const BLOCKED_IPV4 = [
  '0.0.0.0/8', // "this network", unspecified
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8',
  '169.254.0.0/16', // link-local, includes 169.254.169.254 metadata
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, includes 255.255.255.255
];

const BLOCKED_IPV6 = [
  '::/96', // unspecified, loopback and IPv4-compatible addresses
  '64:ff9b::/96', // NAT64 can reach any IPv4 address, private ones included
  '64:ff9b:1::/48',
  '100::/64', // discard
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4 embeds an arbitrary IPv4 address
  'fc00::/7', // unique local, includes fd00:ec2::254 (AWS metadata)
  'fe80::/10', // link-local
  'fec0::/10', // deprecated site-local
  'ff00::/8', // multicast
];

export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) throw new Error(`"${text}" is not an IP address or CIDR`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const maxPrefix = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(maxPrefix)) || prefix > maxPrefix) {
    throw new Error(`"${text}" has a bad prefix length (0 to ${maxPrefix})`);
  }
  return { address, prefix, family };
}

function toBlockList(cidrs: readonly Cidr[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return list;
}

const blocked = toBlockList([...BLOCKED_IPV4, ...BLOCKED_IPV6].map(parseCidr));

/** `::ffff:10.0.0.1` and `::ffff:a00:1` are IPv4 addresses in IPv6 clothing; judge them as IPv4. */
function unmapIpv4(address: string): string {
  const match = /^::ffff:(?:0+:)?(.+)$/i.exec(address);
  if (!match?.[1]) return address;
  const tail = match[1];
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex?.[1] || !hex[2]) return address;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export class AddressGuard {
  readonly #allowed: BlockList;

  constructor(allowPrivateNetworks: readonly Cidr[]) {
    this.#allowed = toBlockList(allowPrivateNetworks);
  }

  /** Returns why the address is refused, or null when outbound traffic may reach it. */
  check(rawAddress: string): string | null {
    const address = unmapIpv4(rawAddress.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
    const version = isIP(address);
    if (version === 0) return `${rawAddress} is not an IP address`;
    const family = version === 4 ? 'ipv4' : 'ipv6';
    if (this.#allowed.check(address, family)) return null;
    if (blocked.check(address, family)) {
      return `${rawAddress} is a private, loopback, link-local or reserved address; allow it with HOOKGATE_ALLOW_PRIVATE_NETWORKS`;
    }
    return null;
  }

  /**
   * The early check made when a URL is saved: literal IPs and `localhost` names. Other
   * hostnames are judged on their resolved addresses when a connection is made, since DNS
   * answers may change between now and then.
   */
  checkUrlHost(url: string): string | null {
    const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (isIP(hostname)) return this.check(hostname);
    if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
      return this.check('127.0.0.1') ?? this.check('::1');
    }
    return null;
  }
}
