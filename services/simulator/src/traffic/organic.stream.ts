import { makeRequest, uuid } from '../model/request.factory';
import type { SimEvent } from '../model/sim-event';
import { stableFraction, type TimeWindow, type TokenSpec } from '../model/token-spec';
import { meanIntensity, type Persona } from '../personas/persona';
import { streamPrng, type Prng } from '../random/prng';
import { ENDPOINTS, type WeightedEndpoint } from '../world/endpoints';
import { DAY_MS, HOUR_MS, localHour, localWeekday, nextLocalTime } from '../world/local-time';
import type { Place } from '../world/places';

const meanIntensities = new WeakMap<Persona, number>();

function meanIntensityOf(persona: Persona): number {
  let value = meanIntensities.get(persona);
  if (value === undefined) {
    value = meanIntensity(persona);
    meanIntensities.set(persona, value);
  }
  return value;
}

/** A token's organic traffic in event-time order, generated lazily. */
export function* organicTraffic(spec: TokenSpec, seed: string, period: TimeWindow): Generator<SimEvent> {
  const rng = streamPrng(seed, `traffic:${spec.index}`);
  const from = Math.max(period.start, spec.activeFrom);
  const until = Math.min(period.end, spec.activeUntil);
  if (from >= until) return;
  const starts = spec.persona.schedule === 'nightly' ? nightlyStarts(spec, seed, from, until) : poissonStarts(spec, rng, from, until);
  let last = -Infinity;
  for (const start of starts) {
    if (start < last) continue; // the previous session is still running
    for (const event of session(spec, rng, start, until)) {
      last = event.ts;
      yield event;
    }
  }
}

/** Session starts by thinning a Poisson process at the persona's peak rate. */
function* poissonStarts(spec: TokenSpec, rng: Prng, from: number, until: number): Generator<number> {
  const peakPerMs = spec.sessionsPerDay / DAY_MS / meanIntensityOf(spec.persona);
  const growthAt = (t: number) => Math.pow(1 + spec.growthPerDay, (t - spec.activeFrom) / DAY_MS);
  const growthMax = growthAt(until);
  const meanGap = 1 / (peakPerMs * growthMax);
  let t = from;
  while (true) {
    t += rng.exponential(meanGap);
    if (t >= until) return;
    const home = homeAt(spec, t).home;
    const p = (spec.persona.intensity(localHour(t, home.utcOffsetHours), localWeekday(t, home.utcOffsetHours)) * growthAt(t)) / growthMax;
    if (!rng.chance(p) || silenced(spec, t)) continue;
    yield t;
  }
}

/** One run per local night at the token's job hour, give or take ten minutes. */
function* nightlyStarts(spec: TokenSpec, seed: string, from: number, until: number): Generator<number> {
  for (let night = nextLocalTime(from - DAY_MS, spec.home.utcOffsetHours, spec.jobHour); night < until; night += DAY_MS) {
    const start = nightlyRunStart(spec, seed, night);
    if (start >= from && start < until && !silenced(spec, start)) yield start;
  }
}

/** Start of the nightly run scheduled at `scheduled` (exported so scenarios can label it). */
export function nightlyRunStart(spec: TokenSpec, seed: string, scheduled: number): number {
  const jitter = (stableFraction(seed, `job:${spec.index}:${Math.floor(scheduled / HOUR_MS)}`) - 0.5) * 20 * 60_000;
  return Math.round(scheduled + jitter);
}

function* session(spec: TokenSpec, rng: Prng, start: number, until: number): Generator<SimEvent> {
  const persona = spec.persona;
  const { addresses } = homeAt(spec, start);
  const sessionAddress = rng.pick(addresses);
  const perRequestAddress = persona.kind === 'backend-service';
  const endpoints = endpointsAt(spec, start);
  const userAgent = spec.upgrade && start >= spec.upgrade.at ? spec.upgrade.userAgent : spec.userAgent;
  const size = persona.sessionSize(rng);
  let t = start;
  for (let i = 0; i < size && t < until; i++) {
    const { endpoint } = rng.weighted(endpoints, (e) => e.weight);
    yield makeRequest(rng, {
      ts: t, token: spec.identity, ip: perRequestAddress ? rng.pick(addresses) : sessionAddress, userAgent,
      service: spec.service, endpoint, ids: spec.ids,
    });
    t += persona.requestGapMs(rng);
  }
  if (persona.schedule === 'nightly') yield* exportTail(spec, rng, t, until, sessionAddress, userAgent);
}

/** A nightly job ends by exporting a snapshot: create, poll, download. */
function* exportTail(spec: TokenSpec, rng: Prng, from: number, until: number, ip: string, userAgent: string): Generator<SimEvent> {
  const id = uuid(rng);
  const steps = [ENDPOINTS.exportsCreate, ENDPOINTS.exportGet, ENDPOINTS.exportGet, ENDPOINTS.exportGet, ENDPOINTS.exportDownload];
  let t = from;
  for (const endpoint of steps) {
    if (t >= until) return;
    yield makeRequest(rng, { ts: t, token: spec.identity, ip, userAgent, service: spec.service, endpoint, id, status: endpoint.okStatus });
    t += 5_000 + rng.exponential(20_000);
  }
}

function homeAt(spec: TokenSpec, t: number): { home: Place; addresses: string[] } {
  return spec.relocation && t >= spec.relocation.at ? spec.relocation : spec;
}

function endpointsAt(spec: TokenSpec, t: number): readonly WeightedEndpoint[] {
  return spec.rollout && t >= spec.rollout.at ? [...spec.endpoints, ...spec.rollout.endpoints] : spec.endpoints;
}

function silenced(spec: TokenSpec, t: number): boolean {
  return spec.silences.some((w) => t >= w.start && t < w.end);
}
