import { describe, expect, it } from 'vitest';
import { CidrSet, InvalidCidrError, PRIVATE_NETWORKS, isPrivateOrReserved, parseCidr } from './cidr.matcher';
import { parseAddress, parseIp } from './ip.parser';
import { resolveClientIp } from './xff.resolver';

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
    for (const bad of ['', '256.1.1.1', '1.2.3', '1.2.3.4.5', '010.1.1.1', '1.2.3.-4', ' 1.2.3.4', '1::2::3', '12345::1', 'g::1', '1:2:3:4:5:6:7:8:9', 'unknown', '::ffff:300.1.1.1', 'localhost']) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });

  it('reads gateway address spellings with ports', () => {
    expect(parseAddress('31.94.8.204:0')?.text).toBe('31.94.8.204');
    expect(parseAddress('[::1]:56348')?.text).toBe('::1');
    expect(parseAddress('"81.2.69.142"')?.text).toBe('81.2.69.142');
    expect(parseAddress('::1')?.text).toBe('::1');
    expect(parseAddress('[::1]x')).toBeUndefined();
    expect(parseAddress('1.2.3.4:port')).toBeUndefined();
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
    for (const ip of ['10.1.2.3', '127.0.0.1', '192.168.1.1', '169.254.1.1', '100.64.0.1', '203.0.113.7', '224.0.0.1', '::1', 'fd00::1', 'fe80::1', '2001:db8::5', '0.0.0.0']) {
      expect(isPrivateOrReserved(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '81.2.69.142', '2001:4860:4860::8888']) expect(isPrivateOrReserved(ip), ip).toBe(false);
  });
});

describe('client ip from X-Forwarded-For and trusted proxies', () => {
  const trusted = new CidrSet(PRIVATE_NETWORKS);
  const none = new CidrSet([]);

  it('uses the peer when it is not a trusted proxy, whatever XFF says (spoofing)', () => {
    expect(resolveClientIp('81.2.69.142', '1.1.1.1, 2.2.2.2', trusted)).toEqual({ ok: true, ip: '81.2.69.142' });
    expect(resolveClientIp('10.0.0.1', '1.1.1.1', none)).toEqual({ ok: true, ip: '10.0.0.1' });
  });

  it('walks XFF from the right behind trusted proxies: the rightmost untrusted address wins', () => {
    expect(resolveClientIp('10.0.0.1', '6.6.6.6, 81.2.69.142, 10.0.0.2', trusted)).toEqual({ ok: true, ip: '81.2.69.142' });
    expect(resolveClientIp('10.0.0.1', '81.2.69.142', trusted)).toEqual({ ok: true, ip: '81.2.69.142' });
    expect(resolveClientIp('127.0.0.1', ' 2001:4860:4860::8888 ,fd00::3', trusted)).toEqual({ ok: true, ip: '2001:4860:4860::8888' });
  });

  it('with custom trusted CIDRs (a CDN range) and a left-hand garbage entry it never reaches', () => {
    const cdn = new CidrSet(['10.0.0.0/8', '198.51.100.0/24']);
    expect(resolveClientIp('10.0.0.1', 'garbage, 81.2.69.142, 198.51.100.20', cdn)).toEqual({ ok: true, ip: '81.2.69.142' });
  });

  it('all hops trusted: the leftmost is the client', () => {
    expect(resolveClientIp('10.0.0.1', '192.168.1.5, 10.0.0.9', trusted)).toEqual({ ok: true, ip: '192.168.1.5' });
  });

  it('without a peer (formats that log only XFF) the list alone decides', () => {
    expect(resolveClientIp(undefined, '81.2.69.142, 10.0.0.7', trusted)).toEqual({ ok: true, ip: '81.2.69.142' });
    expect(resolveClientIp(undefined, undefined, trusted)).toEqual({ ok: true, ip: null });
  });

  it('rejects an impossible peer, or a garbage hop where the answer would be', () => {
    expect(resolveClientIp('999.1.1.1', undefined, trusted)).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid client ip/) });
    expect(resolveClientIp('10.0.0.1', '81.2.69.142, unknown', trusted)).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid client ip/) });
  });

  it('accepts ports in XFF entries', () => {
    expect(resolveClientIp('10.0.0.1', '81.2.69.142:4711, [2001:db8::1]:443', new CidrSet(['10.0.0.0/8', '2001:db8::/32']))).toEqual({ ok: true, ip: '81.2.69.142' });
  });
});
