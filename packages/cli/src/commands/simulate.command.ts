import { topicNames } from '@tokenwatch/contracts';
import {
  SCENARIOS,
  WRITER_FORMATS,
  createSimulation,
  produceRecords,
  renderedRecords,
  writeLabelsFile,
  writeRecordsFile,
  writerFor,
  type Pace,
  type Simulation,
  type SimulationOptions,
} from '@tokenwatch/simulator';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine, valueOptions } from '../command-line';
import { withKafkaErrorsOf } from './kafka-connection';
import { openRuntime } from '../runtime/open-runtime';
import type { Config } from '../config/load-config';

/** Default start of the simulated period: fixed, so that a seed alone decides the output (a Thursday). */
export const DEFAULT_SIMULATION_START = '2025-03-06T00:00:00Z';

const USAGE = `tokenwatch simulate [--tokens N] [--days D] [--seed S] [--format F] (--out FILE | --kafka) [--labels FILE]
  [--start ISO|now] [--rate EVENTS_PER_S | --speed MULTIPLIER] [--episodes N] [--scenarios a,b] [--learning FRACTION]`;

/**
 * `tokenwatch simulate`: realistic gateway traffic for N tokens over D days with labelled attack and
 * look-alike episodes, to a file or to Kafka (gateway.access.v1), plus the labels file.
 */
export async function simulateCommand(args: string[], sections: Config): Promise<number> {
  const { values } = parse(args);
  const format = values.format ?? 'kong';
  const writer = writerFor(format);
  if (!writer) throw new UsageError(`unknown --format "${format}"; expected one of ${WRITER_FORMATS.join(', ')}`);
  if ((values.out === undefined) === !values.kafka) throw new UsageError(`give exactly one of --out FILE or --kafka\n${USAGE}`);
  if (values.rate !== undefined && values.speed !== undefined) throw new UsageError('give --rate or --speed, not both');
  if (!values.kafka && (values.rate !== undefined || values.speed !== undefined))
    throw new UsageError('--rate and --speed pace Kafka output; a file is written as fast as possible');

  const options: SimulationOptions = {
    tokens: integer('--tokens', values.tokens, 1000),
    days: positive('--days', values.days, 7),
    seed: values.seed ?? 'tokenwatch',
    start: startOf(values.start),
    learningFraction: values.learning === undefined ? undefined : fraction('--learning', values.learning),
    episodesPerScenario: values.episodes === undefined ? undefined : integer('--episodes', values.episodes, 1),
    scenarios: scenarioList(values.scenarios),
  };
  const began = performance.now();
  const simulation = createSimulation(options);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  for (const skipped of simulation.plan.skipped) say(`simulate: skipped ${skipped}`);
  const progress = progressReporter(simulation, say);

  let events: number;
  let where: string;
  if (values.out !== undefined) {
    const stats = await writeRecordsFile(simulation, writer, values.out, progress);
    events = stats.events;
    where = `${values.out} (${(stats.bytes / 1e6).toFixed(1)} MB)`;
  } else {
    const config = sections.ingest;
    const rt = await openRuntime(sections, { name: 'tokenwatch-simulator', needs: [], kafka: { assumeLocalBroker: true, log: false } });
    const brokers = await rt.brokers();
    const topic = topicNames(config.TOKENWATCH_TOPIC_PREFIX).rawAccess;
    if (!config.KAFKA_BROKERS) say(`simulate: KAFKA_BROKERS not set, using the local broker at ${brokers[0]} (tokenwatch kafka start)`);
    const sink = {
      brokers,
      security: config.kafkaSecurity,
      topic,
      partitions: config.TOKENWATCH_PARTITIONS,
      pace: paceOf(values.rate, values.speed),
      onProgress: progress,
    };
    await rt.kafka();
    events = await withKafkaErrorsOf(config, brokers, () => produceRecords(renderedRecords(simulation, writer), sink));
    where = `Kafka topic ${topic} at ${brokers.join(',')}`;
  }
  if (values.labels !== undefined) await writeLabelsFile(simulation, writer, values.labels);

  const episodes = simulation.plan.episodes;
  const attacks = episodes.filter((e) => e.scenario.label === 'attack').length;
  const seconds = (performance.now() - began) / 1000;
  process.stdout.write(
    `simulated ${options.tokens} tokens × ${options.days} day${options.days === 1 ? '' : 's'} (seed "${options.seed}", ${format}): ${events} events to ${where} in ${seconds.toFixed(1)} s\n` +
      `episodes: ${attacks} attacks, ${episodes.length - attacks} benign look-alikes${values.labels !== undefined ? `; labels in ${values.labels}` : ' (no --labels file written)'}\n`,
  );
  return ExitCode.ok;
}

function parse(args: string[]) {
  return parseCommandLine(
    {
      args,
      allowPositionals: false,
      options: {
        ...valueOptions('tokens', 'days', 'seed', 'format', 'out', 'labels', 'start', 'rate', 'speed', 'episodes', 'scenarios', 'learning'),
        kafka: { type: 'boolean' },
      },
    },
    USAGE,
  );
}

function progressReporter(simulation: Simulation, say: (line: string) => void): (events: number, ts: number) => void {
  const { start, end } = simulation.plan.period;
  let lastReport = 0;
  return (events, ts) => {
    const now = performance.now();
    if (now - lastReport < 1000) return;
    lastReport = now;
    say(`simulate: ${events} events, event time ${new Date(ts).toISOString()} (${Math.round(((ts - start) / (end - start)) * 100)}%)`);
  };
}

function startOf(value: string | undefined): number {
  if (value === 'now') return Date.now(); // explicit only: the default keeps runs reproducible
  const ms = Date.parse(value ?? DEFAULT_SIMULATION_START);
  if (Number.isNaN(ms)) throw new UsageError(`--start must be an ISO date-time or "now", got "${value}"`);
  return ms;
}

function paceOf(rate: string | undefined, speed: string | undefined): Pace {
  if (rate !== undefined) return { kind: 'rate', eventsPerSecond: positive('--rate', rate, 1) };
  if (speed !== undefined) return { kind: 'speed', multiplier: positive('--speed', speed, 1) };
  return { kind: 'asap' };
}

function scenarioList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) throw new UsageError(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return names;
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  return n;
}

function integer(flag: string, value: string | undefined, fallback: number): number {
  const n = positive(flag, value, fallback);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  return n;
}

function fraction(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new UsageError(`${flag} must be a fraction in [0, 1), got "${value}"`);
  return n;
}
