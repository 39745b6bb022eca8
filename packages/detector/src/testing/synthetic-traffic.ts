import type { AccessEvent } from '@tokenwatch/contracts';
import { HOUR_MS, MINUTE_MS, hourIndex, hourOfWeek } from '../math/time';

/** Seeded PRNG (mulberry32): synthetic traffic is identical run after run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(random: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface Place {
  country: string;
  city: string | null;
  lat: number;
  lon: number;
}

export const PLACES = {
  newYork: { country: 'US', city: 'New York', lat: 40.71, lon: -74.0 },
  virginia: { country: 'US', city: 'Ashburn', lat: 39.04, lon: -77.49 },
  dublin: { country: 'IE', city: 'Dublin', lat: 53.35, lon: -6.26 },
  frankfurt: { country: 'DE', city: 'Frankfurt', lat: 50.11, lon: 8.68 },
  saoPaulo: { country: 'BR', city: 'Sao Paulo', lat: -23.55, lon: -46.63 },
  moscow: { country: 'RU', city: 'Moscow', lat: 55.75, lon: 37.62 },
  singapore: { country: 'SG', city: 'Singapore', lat: 1.35, lon: 103.82 },
} satisfies Record<string, Place>;

export interface Profile {
  fp: string;
  hint?: string;
  consumer?: string | null;
  service?: string | null;
  /** Mean requests per hour at an hour of the week (0 = Monday 00:00 UTC), absolute hour, minute of the hour. */
  rate: (how: number, hour: number, minute: number) => number;
  places?: Place[];
  ips?: string[];
  userAgents?: string[];
  routes?: Array<{ method: string; route: string; weight: number; ids?: number }>;
  bytes?: number;
  status?: (random: () => number) => number;
}

export const DEFAULT_ROUTES: NonNullable<Profile['routes']> = [
  { method: 'GET', route: '/v1/items/{id}', weight: 6, ids: 500 },
  { method: 'GET', route: '/v1/items', weight: 3 },
  { method: 'POST', route: '/v1/orders', weight: 1 },
];

const defaults = {
  places: [PLACES.newYork],
  ips: ['198.51.100.10', '198.51.100.11'],
  userAgents: ['python-requests/2.31.0'],
  routes: DEFAULT_ROUTES,
};

let counter = 0;

export function event(p: Profile, ts: number, over: Partial<AccessEvent> = {}, random: () => number = Math.random): AccessEvent {
  const places = p.places ?? defaults.places;
  const ips = p.ips ?? defaults.ips;
  const uas = p.userAgents ?? defaults.userAgents;
  const routes = p.routes ?? defaults.routes;
  const place = places[Math.floor(random() * places.length)]!;
  let pick = random() * routes.reduce((s, r) => s + r.weight, 0);
  let route = routes[0]!;
  for (const r of routes)
    if ((pick -= r.weight) <= 0) {
      route = r;
      break;
    }
  const path = route.ids ? route.route.replace('{id}', String(1 + Math.floor(random() * route.ids))) : route.route;
  return {
    id: `e${++counter}`,
    ts,
    gateway: 'test',
    token: { fp: p.fp, hint: p.hint ?? p.fp.slice(-4), kind: 'api_key' },
    ip: ips[Math.floor(random() * ips.length)]!,
    method: route.method,
    route: route.route,
    path,
    status: p.status ? p.status(random) : 200,
    bytes: Math.round((p.bytes ?? 2000) * (0.5 + random())),
    latencyMs: 20,
    userAgent: uas[Math.floor(random() * uas.length)]!,
    consumer: p.consumer === undefined ? 'acme' : p.consumer,
    service: p.service === undefined ? 'orders-api' : p.service,
    geo: { country: place.country, region: null, city: place.city, lat: place.lat, lon: place.lon },
    ...over,
  };
}

/** Poisson arrivals minute by minute at the profile's hourly rate, in [from, to), sorted by time. */
export function traffic(p: Profile, from: number, to: number, seed: number): AccessEvent[] {
  const random = rng(seed);
  const out: AccessEvent[] = [];
  for (let t = from; t < to; t += MINUTE_MS) {
    const hour = hourIndex(t);
    const n = poisson(random, p.rate(hourOfWeek(hour), hour, Math.floor((t % HOUR_MS) / MINUTE_MS)) / 60);
    const offsets = Array.from({ length: n }, () => Math.floor(random() * MINUTE_MS)).sort((a, b) => a - b);
    for (const o of offsets) if (t + o < to) out.push(event(p, t + o, {}, random));
  }
  return out;
}

/** Merges several time-sorted streams into one. */
export const merge = (...streams: AccessEvent[][]): AccessEvent[] => streams.flat().sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));

/** A Monday 00:00 UTC to start scenarios on (2024-01-01). */
export const MONDAY = Date.UTC(2024, 0, 1);

/** Office hours: Monday-Friday 08-18 UTC at `peak`/h, a trickle otherwise. */
export const officeHours =
  (peak: number, night = 0.5) =>
  (how: number) => {
    const day = Math.floor(how / 24);
    const h = how % 24;
    if (day >= 5) return night;
    return h >= 8 && h < 18 ? peak * (0.8 + 0.2 * Math.sin(((h - 8) / 10) * Math.PI)) : night;
  };

/** Daily cycle around the clock (a consumer-facing backend). */
export const dailyCycle = (mean: number) => (how: number) => mean * (1 + 0.7 * Math.sin(((how % 24) / 24) * 2 * Math.PI));

/** A nightly batch of `batch` requests at 02:00-02:10 UTC on top of a steady `base` rate per hour. */
export const nightlyBatch = (base: number, batch: number) => (how: number, _hour: number, minute: number) =>
  how % 24 === 2 && minute < 10 ? base + batch * 6 : base;

export const HOUR = HOUR_MS;
