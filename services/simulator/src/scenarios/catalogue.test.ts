import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from './catalogue';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('scenario catalogue', () => {
  it('has at least 12 attacks and 5 benign look-alikes, with unique names', () => {
    expect(SCENARIOS.filter((s) => s.label === 'attack').length).toBeGreaterThanOrEqual(12);
    expect(SCENARIOS.filter((s) => s.label === 'benign').length).toBeGreaterThanOrEqual(5);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });

  it('names the signals that should catch every attack, and what every look-alike resembles', () => {
    for (const s of SCENARIOS) {
      if (s.label === 'attack') expect(s.expectedSignals.length, s.name).toBeGreaterThan(0);
      else expect(s.resembles?.length, s.name).toBeGreaterThan(0);
    }
  });

  it('is documented in the README, scenario by scenario', () => {
    for (const s of SCENARIOS) expect(readme, s.name).toContain(`| \`${s.name}\` | ${s.label} | ${s.summary} |`);
  });
});
