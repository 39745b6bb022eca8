import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelsFile } from './labels/labels.schema';
import { writeLabelsFile, writeRecordsFile } from './output/simulation.files';
import { SCENARIOS } from './scenarios/catalogue';
import { createSimulation } from './simulation';
import { localHour, localWeekday } from './world/local-time';
import { kongWriter } from './writers/kong.writer';

const START = Date.parse('2025-03-06T00:00:00Z');
const OPTIONS = { tokens: 80, days: 7, seed: 'simulation-test', start: START };
const simulation = createSimulation(OPTIONS);
const events = [...simulation.events()];
const labels = simulation.labels(kongWriter);

describe('simulation', () => {
  it('writes byte-identical records and labels for the same seed, and different ones for another seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-sim-'));
    const digest = async (seed: string, name: string) => {
      const sim = createSimulation({ ...OPTIONS, tokens: 30, days: 3, seed });
      await writeRecordsFile(sim, kongWriter, join(dir, `${name}.jsonl`));
      await writeLabelsFile(sim, kongWriter, join(dir, `${name}.labels.json`));
      const hash = createHash('sha256');
      hash.update(await readFile(join(dir, `${name}.jsonl`)));
      hash.update(await readFile(join(dir, `${name}.labels.json`)));
      return hash.digest('hex');
    };
    const first = await digest('a', 'first');
    expect(await digest('a', 'second')).toBe(first);
    expect(await digest('b', 'third')).not.toBe(first);
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams in event-time order inside the period', () => {
    expect(events.length).toBeGreaterThan(10_000);
    expect(events.filter((e, i) => i > 0 && e.ts < events[i - 1]!.ts)).toEqual([]);
    expect(events[0]!.ts).toBeGreaterThanOrEqual(simulation.plan.period.start);
    expect(events.at(-1)!.ts).toBeLessThan(simulation.plan.period.end);
  });

  it('labels every scenario, each episode inside the period after the learning time, in the labels schema', () => {
    expect(LabelsFile.safeParse(labels).success).toBe(true);
    expect(simulation.plan.skipped).toEqual([]);
    expect(new Set(labels.episodes.map((e) => e.scenario))).toEqual(new Set(SCENARIOS.map((s) => s.name)));
    expect(labels.episodes.filter((e) => e.label === 'attack').length).toBeGreaterThanOrEqual(12);
    expect(labels.episodes.filter((e) => e.label === 'benign').length).toBeGreaterThanOrEqual(5);
    for (const e of labels.episodes) {
      expect(e.start, e.id).toBeLessThan(e.end);
      expect(e.start, e.id).toBeGreaterThanOrEqual(labels.meta.learningEnd!);
      expect(e.end, e.id).toBeLessThanOrEqual(labels.meta.end);
      if (e.label === 'attack') expect(e.expectedSignals.length, e.id).toBeGreaterThan(0);
    }
    expect(labels.meta).toMatchObject({ tokens: 80, days: 7, start: START, end: START + 7 * 86_400_000, seed: 'simulation-test', format: 'kong' });
    expect(new Set(labels.episodes.map((e) => e.token)).size).toBe(labels.episodes.length);
  });

  it("puts each attack's requests on its victim, the first exactly at the labelled start", () => {
    for (const episode of simulation.plan.episodes.filter((e) => e.events)) {
      const own = [...episode.events!()].filter((e) => e.ts >= episode.start);
      expect(own[0]?.ts, episode.id).toBe(episode.start);
      for (const e of own) {
        expect(e.token.credentialId).toBe(episode.victim.identity.credentialId);
        expect(e.ts, episode.id).toBeLessThanOrEqual(episode.end);
      }
    }
  });

  it('gives personas their daily and weekly shapes', () => {
    const victims = new Set(simulation.plan.episodes.map((e) => e.victim.identity.apiKey));
    const byKey = new Map(simulation.plan.tokens.map((t) => [t.identity.apiKey, t]));
    let mobile = 0;
    let mobileNight = 0;
    for (const e of events) {
      const spec = byKey.get(e.token.apiKey)!;
      if (victims.has(e.token.apiKey)) continue;
      if (spec.trips.length > 0) continue;
      const hour = localHour(e.ts, spec.home.timeZone);
      const weekday = localWeekday(e.ts, spec.home.timeZone);
      if (spec.persona.kind === 'partner-integration') {
        expect(weekday === 0 || weekday === 6, 'partner traffic on a weekend').toBe(false);
        expect(hour >= 8 && hour < 20, `partner traffic at ${hour.toFixed(1)}h`).toBe(true);
      }
      if (spec.persona.kind === 'nightly-batch') expect(hour < 7, `batch traffic at ${hour.toFixed(1)}h`).toBe(true);
      if (spec.persona.kind === 'mobile-user') {
        mobile++;
        if (hour >= 1 && hour < 6) mobileNight++;
      }
    }
    expect(mobileNight / mobile).toBeLessThan(0.03);
  });

  it('stays within a realistic volume per token-day', () => {
    const perTokenDay = events.length / (OPTIONS.tokens * OPTIONS.days);
    expect(perTokenDay).toBeGreaterThan(50);
    expect(perTokenDay).toBeLessThan(600);
  });
});
