import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenPolicyFile, parseTokenPolicy, tokenPolicyFromEnv, TOKEN_POLICY_ENV } from './token-policy.file';
import { DEFAULT_TOKEN_POLICY } from './token-policy.schema';

describe('token policy file', () => {
  it('reads a valid file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-policy-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ default: { maxAgeDays: 180 }, rules: [{ match: { consumer: 'ci-*' }, rotateEveryDays: 30 }] }));
    const policy = tokenPolicyFromEnv({ [TOKEN_POLICY_ENV]: file });
    expect(policy.default.maxAgeDays).toBe(180);
    expect(policy.rules[0]?.match.consumer).toBe('ci-*');
  });

  it('without the variable, the default policy', () => {
    expect(tokenPolicyFromEnv({})).toEqual(DEFAULT_TOKEN_POLICY);
  });

  it('names the field at fault in one line', () => {
    expect(() => parseTokenPolicy('{"rules":[{"match":{"consumer":"a"},"rotateEveryDays":-3}]}', 'p.json')).toThrow(
      /^p\.json: rules\.0\.rotateEveryDays: Too small: expected number to be >0$/,
    );
    expect(() => parseTokenPolicy('{"rules":[{"match":{}}]}', 'p.json')).toThrow('p.json: rules.0.match: name at least one of consumer, label, kind');
    expect(() => parseTokenPolicy('{"default":{"maxAge":3}}', 'p.json')).toThrow(/^p\.json: default: Unrecognized key: "maxAge"$/);
    expect(() => parseTokenPolicy('{"labels":{"XYZ":"ci"}}', 'p.json')).toThrow(/^p\.json: labels\.XYZ: /);
    expect(() => parseTokenPolicy('{oops', 'p.json')).toThrow(/^p\.json: not JSON/);
    expect(() => loadTokenPolicyFile(join(tmpdir(), 'no-such-policy.json'))).toThrow(/no-such-policy\.json: cannot read the token policy \(ENOENT\)/);
  });
});
