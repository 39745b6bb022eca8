import { makeRequest, uuid } from '../model/request.factory';
import type { SimEvent } from '../model/sim-event';
import { localeAt, stableFraction, userAgentAt, type TimeWindow, type TokenSpec } from '../model/token-spec';
import { flightsOf } from '../model/trips';
import { meanIntensity, type Persona } from '../personas/persona';
import { streamPrng, type Prng } from '../random/prng';
import { ENDPOINTS, type Endpoint, type WeightedEndpoint } from '../world/endpoints';
import { isHoliday } from '../world/holidays';
import { DAY_MS, HOUR_MS, localDay, localHour, localWeekday, nextLocalTime } from '../world/local-time';
import { createEgress, type Egress } from './egress';
import { incidentAt, type Incident } from './incidents';

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
export function* organicTraffic(spec: TokenSpec, seed: string, period: TimeWindow, incidents: readonly Incident[] = []): Generator<SimEvent> {
  const rng = streamPrng(seed, `traffic:${spec.index}`);
  const from = Math.max(period.start, spec.activeFrom);
  const until = Math.min(period.end, spec.activeUntil);
  if (from >= until) return;
  const egress = createEgress(spec, streamPrng(seed, `egress:${spec.index}`));
  const silences = [...spec.silences, ...flightsOf(spec.trips)];
  const starts = spec.persona.schedule === 'nightly' ? nightlyStarts(spec, seed, from, until, silences) : poissonStarts(spec, rng, from, until, silences);
  let last = -Infinity;
  for (const start of starts) {
    if (start < last) continue; // the previous session is still running
    for (const event of session(spec, rng, egress, start, until, incidents)) {
      last = event.ts;
      yield event;
    }
  }
}

/** Session starts by thinning a Poisson process at the persona's peak rate, in the owner's local time. */
function* poissonStarts(spec: TokenSpec, rng: Prng, from: number, until: number, silences: readonly TimeWindow[]): Generator<number> {
  const peakPerMs = spec.sessionsPerDay / DAY_MS / meanIntensityOf(spec.persona);
  const growthAt = (t: number) => Math.pow(1 + spec.growthPerDay, (t - spec.activeFrom) / DAY_MS);
  const growthMax = growthAt(until);
  const meanGap = 1 / (peakPerMs * growthMax);
  let t = from;
  while (true) {
    t += rng.exponential(meanGap);
    if (t >= until) return;
    const zone = localeAt(spec, t).timeZone;
    const weekday = isHoliday(spec.country.code, localDay(t, zone)) ? 0 : localWeekday(t, zone);
    const p = (spec.persona.intensity(localHour(t, zone), weekday) * growthAt(t)) / growthMax;
    if (!rng.chance(p) || silenced(silences, t)) continue;
    yield t;
  }
}

/** One run per local night at the token's job hour, give or take ten minutes. */
function* nightlyStarts(spec: TokenSpec, seed: string, from: number, until: number, silences: readonly TimeWindow[]): Generator<number> {
  for (
    let night = nextLocalTime(from - DAY_MS, spec.home.timeZone, spec.jobHour);
    night < until;
    night = nextLocalTime(night + HOUR_MS, spec.home.timeZone, spec.jobHour)
  ) {
    const start = nightlyRunStart(spec, seed, night);
    if (start >= from && start < until && !silenced(silences, start)) yield start;
  }
}

/** Start of the nightly run scheduled at `scheduled` (exported so scenarios can label it). */
export function nightlyRunStart(spec: TokenSpec, seed: string, scheduled: number): number {
  const jitter = (stableFraction(seed, `job:${spec.index}:${Math.floor(scheduled / HOUR_MS)}`) - 0.5) * 20 * 60_000;
  return Math.round(scheduled + jitter);
}

function* session(spec: TokenSpec, rng: Prng, egress: Egress, start: number, until: number, incidents: readonly Incident[]): Generator<SimEvent> {
  const persona = spec.persona;
  const endpoints = endpointsAt(spec, start);
  const userAgent = userAgentAt(spec, start);
  const size = persona.sessions.size(rng);
  let t = start;
  for (let i = 0; i < size && t < until; i++) {
    const { endpoint } = rng.weighted(endpoints, (e) => e.weight);
    t = yield* withRetries(spec, rng, egress, t, until, incidents, endpoint, userAgent);
    t += persona.sessions.gapMs(rng);
  }
  if (persona.schedule === 'nightly') yield* exportTail(spec, rng, egress, t, until, userAgent, incidents);
}

/**
 * One request and, when it fails with a 5xx or 429, the client's retries (full-jitter exponential
 * backoff); during an upstream incident a share of requests fail. Returns the time of the last attempt.
 */
function* withRetries(
  spec: TokenSpec,
  rng: Prng,
  egress: Egress,
  at: number,
  until: number,
  incidents: readonly Incident[],
  endpoint: Endpoint,
  userAgent: string,
  id?: string,
): Generator<SimEvent, number> {
  const { max, baseMs } = spec.persona.client.retry;
  let t = at;
  for (let attempt = 0; ; attempt++) {
    const incident = incidents.length > 0 ? incidentAt(incidents, spec.service, t) : undefined;
    const status = incident && rng.chance(incident.errorRate) ? incident.status : id ? endpoint.okStatus : undefined;
    const event = makeRequest(rng, {
      ts: t,
      token: spec.identity,
      ip: egress.address(t),
      userAgent,
      service: spec.service,
      endpoint,
      ids: spec.ids,
      id,
      status,
    });
    yield event;
    if ((event.status < 500 && event.status !== 429) || attempt >= max) return t;
    const next = t + Math.max(50, rng.next() * baseMs * 2 ** attempt);
    if (next >= until) return t;
    t = next;
  }
}

/** A nightly job ends by exporting a snapshot: create, poll, download. */
function* exportTail(
  spec: TokenSpec,
  rng: Prng,
  egress: Egress,
  from: number,
  until: number,
  userAgent: string,
  incidents: readonly Incident[],
): Generator<SimEvent> {
  const id = uuid(rng);
  const steps = [ENDPOINTS.exportsCreate, ENDPOINTS.exportGet, ENDPOINTS.exportGet, ENDPOINTS.exportGet, ENDPOINTS.exportDownload];
  let t = from;
  for (const endpoint of steps) {
    if (t >= until) return;
    t = yield* withRetries(spec, rng, egress, t, until, incidents, endpoint, userAgent, id);
    t += 5_000 + rng.exponential(20_000);
  }
}

function endpointsAt(spec: TokenSpec, t: number): readonly WeightedEndpoint[] {
  return spec.rollout && t >= spec.rollout.at ? [...spec.endpoints, ...spec.rollout.endpoints] : spec.endpoints;
}

function silenced(silences: readonly TimeWindow[], t: number): boolean {
  for (const w of silences) if (t >= w.start && t < w.end) return true;
  return false;
}
