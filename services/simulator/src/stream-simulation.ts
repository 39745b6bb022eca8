import type { SimulationOptions } from './plan/simulation-plan';
import { Pacer, type Pace } from './output/pacing';
import { createSimulation } from './simulation';
import { DAY_MS } from './world/local-time';
import { writerFor } from './writers/writers';

export interface StreamSimulationOptions extends Partial<SimulationOptions> {
  /** Gateway format of the records; default kong. */
  format?: string;
  /** Default asap; ignored in compressed mode. */
  pace?: Pace;
  /**
   * Demo mode for `tokenwatch up --simulate`: `days` of history (default 2) ending at `now`, played
   * in about `seconds` (default 45) of wall time, with every episode in the last 40% of the period,
   * so attacks arrive 27–45 s after the start. Default 200 tokens and one episode per scenario.
   */
  compressed?: { now: number; seconds?: number };
  signal?: AbortSignal;
}

export const STREAM_DEFAULTS = { tokens: 200, days: 2, seed: 'tokenwatch-demo', seconds: 45 } as const;

/**
 * Simulated gateway records as text, in event-time order, paced. The caller sends them on (HTTP
 * ingest, Kafka) and should flush what it buffers on a short timer: the pace may pause between
 * records. Stops early when `signal` aborts.
 */
export async function* streamSimulation(options: StreamSimulationOptions = {}): AsyncGenerator<{ ts: number; record: string }> {
  const writer = writerFor(options.format ?? 'kong');
  if (!writer) throw new Error(`unknown format "${options.format}"`);
  const days = options.days ?? STREAM_DEFAULTS.days;
  const compressed = options.compressed;
  const start = compressed ? compressed.now - Math.round(days * DAY_MS) : options.start;
  if (start === undefined) throw new Error('streamSimulation needs `start` (epoch ms) or `compressed.now`');
  const simulation = createSimulation({
    ...options,
    tokens: options.tokens ?? STREAM_DEFAULTS.tokens,
    days,
    seed: options.seed ?? STREAM_DEFAULTS.seed,
    start,
    learningFraction: options.learningFraction ?? (compressed ? 0.6 : undefined),
    episodesPerScenario: options.episodesPerScenario ?? (compressed ? 1 : undefined),
  });
  const pace: Pace = compressed
    ? { kind: 'speed', multiplier: (days * DAY_MS) / ((compressed.seconds ?? STREAM_DEFAULTS.seconds) * 1000) }
    : (options.pace ?? { kind: 'asap' });
  const pacer = new Pacer(pace);
  for (const event of simulation.events()) {
    if (options.signal?.aborted) return;
    const wait = pacer.dueIn(event.ts);
    if (wait > 0) await pacer.sleep(wait);
    pacer.sent();
    yield { ts: event.ts, record: writer.write(event) };
  }
}
