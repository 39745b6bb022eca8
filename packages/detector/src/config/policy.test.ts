import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './cidr';
import { defaultDetectorConfig, parseDetectorConfig } from './detector-config.schema';
import { Policy } from './policy';

describe('parseDetectorConfig', () => {
  it('fills every default from an empty object and keeps overrides', () => {
    const config = parseDetectorConfig({ signals: { volume_spike: { minFold: 4 } }, decision: { quietPeriodMs: 60_000 } });
    expect(config.signals.volume_spike).toMatchObject({ enabled: true, weight: 1, minFold: 4, minCount5m: 60 });
    expect(config.decision).toMatchObject({ quietPeriodMs: 60_000, dedupWindowMs: 3_600_000, minAlertScore: 0.4 });
    expect(config.signals.sequence.stages.map((s) => s.name)).toEqual(['recon', 'describe', 'count', 'limits', 'bulk_export', 'delete_job']);
    expect(parseDetectorConfig(undefined)).toEqual(defaultDetectorConfig());
  });

  it('rejects bad values with the field name', () => {
    expect(() => parseDetectorConfig({ signals: { volume_spike: { minFold: -1 } } })).toThrow(/minFold/);
    expect(() => parseDetectorConfig({ suppressions: [{ signals: ['not_a_signal'], until: 1 }] })).toThrow();
  });
});

describe('CIDR ranges', () => {
  it('parses IPv4, IPv6 and mapped addresses', () => {
    expect(parseIp('10.1.2.3')).toEqual([0, 0, 0xffff, 0x0a010203]);
    expect(parseIp('::ffff:10.1.2.3')).toEqual(parseIp('10.1.2.3'));
    expect(parseIp('2001:db8::1')).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIp('not an ip')).toBeNull();
    expect(parseIp('1.2.3.256')).toBeNull();
  });

  it('matches prefixes', () => {
    const v4 = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(v4, parseIp('10.255.1.1')!)).toBe(true);
    expect(cidrContains(v4, parseIp('11.0.0.1')!)).toBe(false);
    const v6 = parseCidr('2001:db8::/32')!;
    expect(cidrContains(v6, parseIp('2001:db8:ffff::1')!)).toBe(true);
    expect(cidrContains(v6, parseIp('2001:db9::1')!)).toBe(false);
    expect(cidrContains(parseCidr('192.0.2.7')!, parseIp('192.0.2.7')!)).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeNull();
  });
});

describe('Policy', () => {
  const policy = new Policy(
    parseDetectorConfig({
      allowlists: [
        { consumer: 'acme', countries: ['de'], cidrs: ['203.0.113.0/24'], userAgentFamilies: ['curl'] },
        { fp: 'f'.repeat(16), countries: ['BR'] },
      ],
      suppressions: [
        { service: 'billing', signals: ['volume_spike'], until: 1_000 },
        { fp: 'a'.repeat(16), until: 5_000 },
      ],
    }),
  );

  it('applies allowlists by consumer or fingerprint', () => {
    expect(policy.countryAllowed('x', 'acme', null, 'DE')).toBe(true);
    expect(policy.countryAllowed('x', 'other', null, 'DE')).toBe(false);
    expect(policy.countryAllowed('f'.repeat(16), null, null, 'BR')).toBe(true);
    expect(policy.ipAllowed('x', 'acme', null, '203.0.113.9')).toBe(true);
    expect(policy.ipAllowed('x', 'acme', null, '198.51.100.1')).toBe(false);
    expect(policy.uaAllowed('x', 'acme', null, 'curl')).toBe(true);
  });

  it('suppresses until the expiry in event time, per signal or entirely', () => {
    expect(policy.suppressed('x', null, 'billing', 'volume_spike', 999)).toBe(true);
    expect(policy.suppressed('x', null, 'billing', 'volume_spike', 1_000)).toBe(false);
    expect(policy.suppressed('x', null, 'billing', 'new_country', 10)).toBe(false);
    expect(policy.suppressed('a'.repeat(16), null, null, 'sequence', 4_999)).toBe(true);
  });

  it('refuses an invalid range', () => {
    expect(() => new Policy(parseDetectorConfig({ allowlists: [{ cidrs: ['nope'] }] }))).toThrow(/not an IP/);
  });
});
