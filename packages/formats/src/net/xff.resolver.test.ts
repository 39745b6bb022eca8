import { describe, expect, it } from 'vitest';
import { CidrSet, PRIVATE_NETWORKS } from '@tokenwatch/common';
import { parseAddress } from './ip.parser';
import { resolveClientIp } from './xff.resolver';

describe('gateway address spellings', () => {
  it('reads gateway address spellings with ports', () => {
    expect(parseAddress('31.94.8.204:0')?.text).toBe('31.94.8.204');
    expect(parseAddress('[::1]:56348')?.text).toBe('::1');
    expect(parseAddress('"81.2.69.142"')?.text).toBe('81.2.69.142');
    expect(parseAddress('::1')?.text).toBe('::1');
    expect(parseAddress('[::1]x')).toBeUndefined();
    expect(parseAddress('1.2.3.4:port')).toBeUndefined();
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
    expect(resolveClientIp('10.0.0.1', '81.2.69.142:4711, [2001:db8::1]:443', new CidrSet(['10.0.0.0/8', '2001:db8::/32']))).toEqual({
      ok: true,
      ip: '81.2.69.142',
    });
  });
});
