// IPv4 and IPv6 addresses as fraud prevention headers carry them: parsing, a canonical form to compare, and publicness.

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: readonly number[];
}

// Dotted-quad only, no leading zeros: '010.0.0.1' means octal to some parsers and decimal to others.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function parseIpv4(text: string): number[] | null {
  const match = IPV4.exec(text);
  return match ? match.slice(1, 5).map(Number) : null;
}

/** RFC 4291 text forms: eight hextets, '::' compression once, an optional dotted-quad tail. No zone. */
function parseIpv6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const toBytes = (groups: string[], allowIpv4Tail: boolean): number[] | null => {
    const out: number[] = [];
    for (const [i, group] of groups.entries()) {
      if (allowIpv4Tail && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIpv4(group);
        if (!v4) return null;
        out.push(...v4);
      } else if (HEXTET.test(group)) {
        const value = parseInt(group, 16);
        out.push(value >> 8, value & 0xff);
      } else {
        return null;
      }
    }
    return out;
  };
  const headBytes = toBytes(head, halves.length === 1);
  const tailBytes = toBytes(tail, true);
  if (!headBytes || !tailBytes) return null;
  if (halves.length === 1) return headBytes.length === 16 ? headBytes : null;
  const zeros = 16 - headBytes.length - tailBytes.length;
  if (zeros < 2) return null;
  return [...headBytes, ...new Array<number>(zeros).fill(0), ...tailBytes];
}

export function parseIp(text: string): IpAddress | null {
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : null;
  return v6 ? { version: 6, bytes: v6 } : null;
}

function isIpv4Mapped(bytes: readonly number[]): boolean {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** One spelling per address, so '2001:DB8::1', '2001:0db8:0:0:0:0:0:1' and '::ffff:192.0.2.1' vs '192.0.2.1' compare equal. */
export function canonicalIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join('.');
  if (isIpv4Mapped(ip.bytes)) return ip.bytes.slice(12).join('.');
  const hextets: string[] = [];
  for (let i = 0; i < 16; i += 2) hextets.push(((ip.bytes[i]! << 8) | ip.bytes[i + 1]!).toString(16));
  return hextets.join(':');
}

interface Range {
  prefix: readonly number[];
  bits: number;
  what: string;
}

function range(cidr: string, what: string): Range {
  const [address, bits] = cidr.split('/');
  return { prefix: parseIp(address!)!.bytes, bits: Number(bits), what: `${what} (${cidr})` };
}

// Addresses that cannot be where a request came from on the internet. Documentation ranges (198.51.100.0/24,
// 203.0.113.0/24, 2001:db8::/32) stay allowed: the spec's own examples and HMRC's sandbox use them.
const nonPublicIpv4 = [
  range('0.0.0.0/8', 'an unspecified address'),
  range('10.0.0.0/8', 'a private address'),
  range('100.64.0.0/10', 'a carrier-grade NAT address'),
  range('127.0.0.0/8', 'a loopback address'),
  range('169.254.0.0/16', 'a link-local address'),
  range('172.16.0.0/12', 'a private address'),
  range('192.168.0.0/16', 'a private address'),
  range('224.0.0.0/4', 'a multicast address'),
  range('240.0.0.0/4', 'a reserved address'),
];
const nonPublicIpv6 = [
  range('::/128', 'an unspecified address'),
  range('::1/128', 'a loopback address'),
  range('fc00::/7', 'a private (unique local) address'),
  range('fe80::/10', 'a link-local address'),
  range('fec0::/10', 'a private (site-local) address'),
  range('ff00::/8', 'a multicast address'),
];

function inRange(bytes: readonly number[], { prefix, bits }: Range): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (prefix[bit / 8]! & mask)) return false;
  }
  return true;
}

/** Why the address cannot be a public one ('a private address (10.0.0.0/8)'), or null when it can. */
export function nonPublicReason(ip: IpAddress): string | null {
  if (ip.version === 6 && isIpv4Mapped(ip.bytes)) return nonPublicReason({ version: 4, bytes: ip.bytes.slice(12) });
  const ranges = ip.version === 4 ? nonPublicIpv4 : nonPublicIpv6;
  return ranges.find((r) => inRange(ip.bytes, r))?.what ?? null;
}
