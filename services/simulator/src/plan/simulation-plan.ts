import { createTokenSpec, type TimeWindow, type TokenSpec } from '../model/token-spec';
import { streamPrng } from '../random/prng';
import { SCENARIOS } from '../scenarios/catalogue';
import type { PersonaKind } from '../personas/persona';
import type { PlannedEpisode, Scenario } from '../scenarios/scenario';
import { planIncidents, type Incident } from '../traffic/incidents';
import { DAY_MS } from '../world/local-time';

export interface SimulationOptions {
  tokens: number;
  days: number;
  /** Any text; the same seed (with the same other options) gives the same traffic. */
  seed: string;
  /** Epoch ms of the period's start. */
  start: number;
  /** Share of the period kept free of episodes so that detectors can learn; default 0.5. */
  learningFraction?: number;
  /** Episodes of each scenario; default one per 400 tokens, at least 1. */
  episodesPerScenario?: number;
  /** Scenario names to include; default all. */
  scenarios?: readonly string[];
}

export interface Episode extends PlannedEpisode {
  id: string;
  scenario: Scenario;
  victim: TokenSpec;
}

export interface SimulationPlan {
  options: SimulationOptions;
  period: TimeWindow;
  learningEnd: number;
  tokens: TokenSpec[];
  episodes: Episode[];
  /** Upstream outages (5xx storms) every client of the service sees and retries through. */
  incidents: Incident[];
  /** Episodes that found no victim or did not fit the period, as `scenario#n: reason`. */
  skipped: string[];
}

export function defaultEpisodesPerScenario(tokens: number): number {
  return Math.max(1, Math.floor(tokens / 400));
}

/**
 * Decides everything up front except the requests themselves: every token's profile and every
 * episode (victim, window, the victim's adjusted profile). Requests are generated lazily later.
 */
export function planSimulation(options: SimulationOptions): SimulationPlan {
  if (!Number.isInteger(options.tokens) || options.tokens < 1) throw new RangeError('tokens must be a positive integer');
  if (!(options.days > 0)) throw new RangeError('days must be positive');
  const period = { start: options.start, end: options.start + Math.round(options.days * DAY_MS) };
  const learningEnd = period.start + Math.round((period.end - period.start) * (options.learningFraction ?? 0.5));
  const tokens = Array.from({ length: options.tokens }, (_, i) => createTokenSpec(options.seed, i, period));
  const selected = options.scenarios ? SCENARIOS.filter((s) => options.scenarios!.includes(s.name)) : SCENARIOS;
  const perScenario = options.episodesPerScenario ?? defaultEpisodesPerScenario(options.tokens);
  const pools = victimPools(streamPrng(options.seed, 'victims').shuffled(tokens));
  const episodes: Episode[] = [];
  const skipped: string[] = [];

  for (const scenario of selected) {
    for (let n = 0; n < perScenario; n++) {
      const id = `${scenario.name}#${n + 1}`;
      const victim = takeVictim(scenario, n, pools);
      if (!victim) {
        skipped.push(`${id}: no unused token with persona ${scenario.victims.join('|')}`);
        continue;
      }
      const key = `episode:${scenario.name}:${n}`;
      const ctx = { seed: options.seed, period, learningEnd, rng: streamPrng(options.seed, `plan:${key}`), key };
      const planned = scenario.plan(victim, ctx);
      if (!planned) {
        skipped.push(`${id}: does not fit a ${options.days}-day period`);
        continue;
      }
      episodes.push({ ...planned, id, scenario, victim });
    }
  }
  return { options, period, learningEnd, tokens, episodes, incidents: planIncidents(options.seed, period), skipped };
}

/** Unused tokens per persona, in a seeded random order. */
function victimPools(shuffled: readonly TokenSpec[]): Map<PersonaKind, TokenSpec[]> {
  const pools = new Map<PersonaKind, TokenSpec[]>();
  for (const token of shuffled) {
    const pool = pools.get(token.persona.kind) ?? [];
    pool.push(token);
    pools.set(token.persona.kind, pool);
  }
  for (const pool of pools.values()) pool.reverse(); // pop() takes from the front of the shuffled order
  return pools;
}

/**
 * The n-th episode of a scenario prefers its (n mod k)-th victim persona, then the others in order.
 * A token is the victim of one episode at most (a victim whose episode does not fit is used up too);
 * tokens the scenario does not suit stay in the pool for the others.
 */
function takeVictim(scenario: Scenario, n: number, pools: Map<PersonaKind, TokenSpec[]>): TokenSpec | undefined {
  const kinds = scenario.victims;
  for (let k = 0; k < kinds.length; k++) {
    const pool = pools.get(kinds[(n + k) % kinds.length]!);
    if (!pool) continue;
    // pools are taken from the end (see victimPools)
    for (let i = pool.length - 1; i >= 0; i--) {
      if (scenario.suits && !scenario.suits(pool[i]!)) continue;
      return pool.splice(i, 1)[0];
    }
  }
  return undefined;
}
