import { describe, expect, it } from 'vitest';
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
