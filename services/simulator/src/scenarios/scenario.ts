import type { SignalType } from '@tokenwatch/contracts';
import type { SimEvent } from '../model/sim-event';
import type { TimeWindow, TokenSpec } from '../model/token-spec';
import type { PersonaKind } from '../personas/persona';
import { streamPrng, type Prng } from '../random/prng';
import { DAY_MS, isWeekend, localWeekday, nextLocalTime } from '../world/local-time';

export type EpisodeLabel = 'attack' | 'benign';

export interface ScenarioContext {
  seed: string;
  period: TimeWindow;
  /** Episodes start after this instant, so that a detector has history to learn from. */
  learningEnd: number;
  /** The episode's planning randomness. */
  rng: Prng;
  /** A name unique to the episode, for deriving its event stream's randomness. */
  key: string;
}

export interface PlannedEpisode {
  /** First instant of the abuse (or of the benign look-alike). */
  start: number;
  end: number;
  /** One sentence with the episode's numbers. */
  detail: string;
  /** The episode's own requests in time order; absent when the episode only changes the victim's organic traffic. */
  events?: () => Generator<SimEvent>;
}

export interface Scenario {
  name: string;
  label: EpisodeLabel;
  /** What happens, for the README and the labels file. */
  summary: string;
  /** Signals that should catch it (attacks); empty for look-alikes. */
  expectedSignals: readonly SignalType[];
  /** Signals a look-alike could be mistaken for. */
  resembles?: readonly SignalType[];
  /** Personas a victim can have, preferred first. */
  victims: readonly PersonaKind[];
  /** Whether a token of those personas can be this scenario's victim at all (default: every one). */
  suits?(victim: TokenSpec): boolean;
  /** Plans one episode on a victim and may adjust the victim's organic traffic; undefined when it does not fit the period. */
  plan(victim: TokenSpec, ctx: ScenarioContext): PlannedEpisode | undefined;
}

/** A start in [learningEnd, period end - duration - margin], or undefined when the period is too short. */
export function pickStart(ctx: ScenarioContext, durationMs: number, marginMs = 10 * 60_000): number | undefined {
  const latest = ctx.period.end - durationMs - marginMs;
  if (latest < ctx.learningEnd) return undefined;
  return Math.round(ctx.rng.between(ctx.learningEnd, latest));
}

export interface RunOptions {
  start: number;
  end: number;
  gapMs: (rng: Prng) => number;
  limit?: number;
  request: (rng: Prng, ts: number, index: number) => SimEvent;
}

/** Requests from `start` (the first one exactly then) until `end` or `limit`. */
export function* run(rng: Prng, options: RunOptions): Generator<SimEvent> {
  let t = options.start;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (let i = 0; t <= options.end && i < limit; i++) {
    yield options.request(rng, t, i);
    t += Math.max(1, Math.round(options.gapMs(rng)));
  }
}

/** The episode's window: `durationMs` from a start picked as pickStart does, or undefined when the period is too short. */
export function pickWindow(ctx: ScenarioContext, durationMs: number): TimeWindow | undefined {
  const start = pickStart(ctx, durationMs);
  return start === undefined ? undefined : { start, end: start + durationMs };
}

export type StreamedRequests = Omit<RunOptions, 'start' | 'end'>;

/**
 * An episode of its own requests over `when`, run on the episode's stream randomness. Given as a function,
 * `requests` is built when the stream starts, so that per-stream state (an egress) belongs to that stream.
 */
export function streamedEpisode(ctx: ScenarioContext, when: TimeWindow, detail: string, requests: StreamedRequests | (() => StreamedRequests)): PlannedEpisode {
  return {
    ...when,
    detail,
    events: () => run(streamPrng(ctx.seed, ctx.key), { ...when, ...(typeof requests === 'function' ? requests() : requests) }),
  };
}

/** Mean requests per minute of a token's organic traffic (sessions × mean session size). */
export function organicPerMinute(victim: TokenSpec, rng: Prng): number {
  let size = 0;
  for (let i = 0; i < 50; i++) size += victim.persona.sessions.size(rng);
  return (victim.sessionsPerDay * (size / 50)) / 1440;
}

export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;

/** Streams one after another (each already in time order, each after the previous). */
export function* concat<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}

/**
 * Instants at local `hour` (fractional, in IANA `zone`) on each day between learningEnd and the period's end that
 * leave room for `durationMs`; `weekdays` keeps Monday to Friday only.
 */
export function localSlots(ctx: ScenarioContext, zone: string, hour: number, durationMs: number, weekdays = false): number[] {
  const slots: number[] = [];
  for (let t = nextLocalTime(ctx.learningEnd, zone, hour); t + durationMs <= ctx.period.end - 10 * 60_000; t = nextLocalTime(t + DAY_MS / 2, zone, hour)) {
    if (!weekdays || !isWeekend(localWeekday(t, zone))) slots.push(t);
  }
  return slots;
}
