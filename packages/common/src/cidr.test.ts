import { describe, expect, it } from 'vitest';
import { CidrSet, InvalidCidrError, PRIVATE_NETWORKS, cidrContains, isPrivateOrReserved, parseCidr } from './cidr';
import { TokenwatchError } from './errors';
import { parseIp } from './ip';

describe('ip parsing', () => {
  it('accepts IPv4 and IPv6 in their usual spellings, canonicalised', () => {
    expect(parseIp('81.2.69.142')?.text).toBe('81.2.69.142');
    expect(parseIp('2001:DB8:0:0:0:0:0:1')?.text).toBe('2001:db8::1');
    expect(parseIp('2001:db8::0:1:0:0:1')?.text).toBe('2001:db8::1:0:0:1');
    expect(parseIp('fe80::1%eth0')?.text).toBe('fe80::1');
    expect(parseIp('::ffff:81.2.69.142')).toMatchObject({ version: 4, text: '81.2.69.142' });
    expect(parseIp('::')?.text).toBe('::');
    expect(parseIp('64:ff9b::192.0.2.33')?.text).toBe('64:ff9b::c000:221');
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '010.1.1.1',
      '1.2.3.-4',
      ' 1.2.3.4',
      '1::2::3',
      '12345::1',
      'g::1',
      '1:2:3:4:5:6:7:8:9',
      'unknown',
      '::ffff:300.1.1.1',
      'localhost',
    ]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });
});

describe('CIDR sets', () => {
  it('matches IPv4, IPv6 and single addresses', () => {
    const set = new CidrSet(['10.0.0.0/8', '2001:db8::/32', '198.51.100.7', '172.16.0.0/12']);
    expect(set.contains(parseIp('10.255.0.1')!)).toBe(true);
    expect(set.contains(parseIp('11.0.0.1')!)).toBe(false);
    expect(set.contains(parseIp('172.31.255.255')!)).toBe(true);
    expect(set.contains(parseIp('172.32.0.0')!)).toBe(false);
    expect(set.contains(parseIp('2001:db8:ffff::1')!)).toBe(true);
    expect(set.contains(parseIp('2001:db9::1')!)).toBe(false);
    expect(set.contains(parseIp('198.51.100.7')!)).toBe(true);
    expect(set.contains(parseIp('198.51.100.8')!)).toBe(false);
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ version: 4, prefix: 8 });
  });

  it('throws on a bad CIDR at configuration time', () => {
    expect(() => new CidrSet(['10.0.0.0/33'])).toThrow(InvalidCidrError);
    expect(() => new CidrSet(['not-a-cidr'])).toThrow(/invalid CIDR "not-a-cidr"/);
  });

  it('knows private, documentation and reserved ranges', () => {
    for (const ip of [
      '10.1.2.3',
      '127.0.0.1',
      '192.168.1.1',
      '169.254.1.1',
      '100.64.0.1',
      '203.0.113.7',
      '224.0.0.1',
      '::1',
      'fd00::1',
      'fe80::1',
      '2001:db8::5',
      '0.0.0.0',
    ]) {
      expect(isPrivateOrReserved(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '81.2.69.142', '2001:4860:4860::8888']) expect(isPrivateOrReserved(ip), ip).toBe(false);
  });
});

describe('CIDR ranges (the detector allowlist assertions)', () => {
  it('parses IPv4, IPv6 and mapped addresses', () => {
    expect(parseIp('10.1.2.3')).toMatchObject({ version: 4, bytes: Uint8Array.of(10, 1, 2, 3) });
    expect(parseIp('::ffff:10.1.2.3')).toEqual(parseIp('10.1.2.3'));
    expect(parseIp('2001:db8::1')).toMatchObject({ version: 6, bytes: Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) });
    expect(parseIp('not an ip')).toBeUndefined();
    expect(parseIp('1.2.3.256')).toBeUndefined();
  });

  it('matches prefixes', () => {
    const v4 = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(v4, parseIp('10.255.1.1')!)).toBe(true);
    expect(cidrContains(v4, parseIp('11.0.0.1')!)).toBe(false);
    const v6 = parseCidr('2001:db8::/32')!;
    expect(cidrContains(v6, parseIp('2001:db8:ffff::1')!)).toBe(true);
    expect(cidrContains(v6, parseIp('2001:db9::1')!)).toBe(false);
    expect(cidrContains(parseCidr('192.0.2.7')!, parseIp('192.0.2.7')!)).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });

  it('an IPv4-mapped range matches IPv4 addresses; a bad CIDR is a TokenwatchError with the text in its context', () => {
    expect(cidrContains(parseCidr('::ffff:10.0.0.0/104')!, parseIp('10.9.8.7')!)).toBe(true);
    expect(new CidrSet(PRIVATE_NETWORKS).contains(parseIp('::ffff:192.168.1.1')!)).toBe(true);
    const error = (() => {
      try {
        new CidrSet(['10.0.0.0/']);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TokenwatchError);
    expect(error).toMatchObject({ code: 'INVALID_CIDR', retriable: false, context: { cidr: '10.0.0.0/' } });
  });
});
