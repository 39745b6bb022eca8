import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { eventually } from './support/eventually';
import { groupLag, testKafka } from './support/kafka-io';
import { runCli } from './support/run-cli';
import { readWholeTopic } from './support/topic-dump';
import { startTokenwatchUp, upEnv, type TokenwatchProcess } from './support/tokenwatch-process';

/**
 * The whole product as a user runs it: `tokenwatch simulate --kafka` feeds labelled traffic into the
 * broker, `tokenwatch up` (the real detector, chDB) turns it into alerts on the alerts topic, and
 * `tokenwatch evaluate` scores those alerts against the labels.
 */
const run = randomBytes(4).toString('hex');
const home = mkdtempSync(join(tmpdir(), 'tokenwatch-simkafka-'));
const file = (name: string) => join(home, name);
const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
const prefix = `simkafka-${run}`;
const topics = topicNames(prefix);
const env = {
  // Gateways log unkeyed; one raw partition keeps each token's records in order through normalization.
  ...upEnv({ brokers, home, prefix, partitions: 1 }),
  // Four simulated days hold neither the default five days of silence before a dormant reactivation
  // (the scenario's token is silent for 2 days here; a plausible traveller's flight plus a night is
  // shorter) nor the three observed days off_hours wants before it calls an hour dead.
  TOKENWATCH_DETECTOR_CONFIG: file('detector.json'),
};
writeFileSync(env.TOKENWATCH_DETECTOR_CONFIG, JSON.stringify({ signals: { dormant_reactivation: { minDays: 1.8 }, off_hours: { minDays: 1 } } }));
/** Fixed, so the outcome never depends on the day the test runs; the calendar is the sweep's business. */
const SIMULATION_START = '2026-11-24T00:00:00Z';

let up: TokenwatchProcess | undefined;
afterAll(async () => {
  up?.child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

it('simulate --kafka into tokenwatch up: every attack is caught, no look-alike is flagged, no false alarm after learning', { timeout: 400_000 }, async () => {
  up = await startTokenwatchUp(env);
  const simulated = await runCli(
    [
      'simulate',
      '--tokens',
      '40',
      '--days',
      '4',
      '--seed',
      'e2e-kafka',
      '--format',
      'kong',
      '--kafka',
      '--labels',
      file('labels.json'),
      '--start',
      SIMULATION_START,
    ],
    env,
  );
  expect(simulated.code, simulated.stderr).toBe(0);
  const produced = Number(/: (\d+) events to Kafka topic/.exec(simulated.stdout)?.[1]);
  expect(produced).toBeGreaterThan(10_000);

  await eventually(
    async () => (await groupLag(kafka, `${prefix}-normalize`, topics.rawAccess)) + (await groupLag(kafka, `${prefix}-score`, topics.events)),
    (lag) => lag === 0,
    { timeoutMs: 300_000, intervalMs: 1_000, what: 'tokenwatch up caught up with the simulation' },
  );
  const alerts = (await readWholeTopic(kafka, topics.alerts)).map((m) => m.value?.toString('utf8') ?? '');
  writeFileSync(file('alerts.ndjson'), `${alerts.join('\n')}\n`);
  up.child.kill('SIGINT');
  expect(await up.exited).toBe(0);
  up = undefined;

  const evaluated = await runCli(['evaluate', '--alerts', file('alerts.ndjson'), '--labels', file('labels.json'), '--out', file('report.json')], env);
  expect(evaluated.code, evaluated.stderr).toBe(0);
  process.stderr.write(`${evaluated.stdout}\n`);
  const report = JSON.parse(readFileSync(file('report.json'), 'utf8'));
  const attacks = report.scenarios.filter((s: { label: string }) => s.label === 'attack');
  const benign = report.scenarios.filter((s: { label: string }) => s.label === 'benign');
  // the traffic model's networks, trips and holidays, and its 17 attacks (residential proxies, hosting
  // and Tor exits, slow exfiltration, a second client in the same country among them)
  expect(attacks.length).toBeGreaterThanOrEqual(17);
  const missed = attacks.filter((s: { detected: number; episodes: number }) => s.detected < s.episodes).map((s: { scenario: string }) => s.scenario);
  expect(missed).toEqual([]);
  expect(benign.filter((s: { detected: number }) => s.detected > 0).map((s: { scenario: string }) => s.scenario)).toEqual([]);
  expect(report.totals.recall).toBe(1);
  expect(report.totals.afterLearning).toMatchObject({ falseAlarms: 0, tokenDays: 80 });
});
