import { describe, expect, it } from 'vitest';
import { canonicalIp, nonPublicReason, parseIp } from '../../domain/fraudPrevention';

describe('parseIp', () => {
  it.each([
    ['198.51.100.0', '198.51.100.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::', '0:0:0:0:0:0:0:0'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['fc00::', 'fc00:0:0:0:0:0:0:0'],
    ['2001:0DB8:85A3:0000:0000:8A2E:0370:7334', '2001:db8:85a3:0:0:8a2e:370:7334'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3:0:0:8a2e:370:7334'],
    ['2001:db8:1:2:3:4:5::', '2001:db8:1:2:3:4:5:0'],
    ['::ffff:203.0.113.6', '203.0.113.6'],
    ['64:ff9b::198.51.100.0', '64:ff9b:0:0:0:0:c633:6400'],
  ])('reads %s as %s', (text, canonical) => {
    const ip = parseIp(text);
    expect(ip).not.toBeNull();
    expect(canonicalIp(ip!)).toBe(canonical);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '1.2.3.256', '01.2.3.4', ' 1.2.3.4', '1.2.3.4/24', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '12345::', 'g::1', ':1', '1:', '::1.2.3', '1.2.3.4::', 'fe80::1%en0', 'localhost'])(
    'refuses %j',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );
});

describe('nonPublicReason', () => {
  it.each(['198.51.100.0', '203.0.113.6', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8'])('%s is public', (text) => {
    expect(nonPublicReason(parseIp(text)!)).toBeNull();
  });

  it.each([
    ['10.255.255.255', 'a private address (10.0.0.0/8)'],
    ['172.31.255.255', 'a private address (172.16.0.0/12)'],
    ['100.127.255.255', 'a carrier-grade NAT address (100.64.0.0/10)'],
    ['fdff:ffff::1', 'a private (unique local) address (fc00::/7)'],
    ['febf::1', 'a link-local address (fe80::/10)'],
    ['fec0::1', 'a private (site-local) address (fec0::/10)'],
    ['ff02::1', 'a multicast address (ff00::/8)'],
    ['::ffff:127.0.0.1', 'a loopback address (127.0.0.0/8)'],
  ])('%s is %s', (text, reason) => {
    expect(nonPublicReason(parseIp(text)!)).toBe(reason);
  });
});
