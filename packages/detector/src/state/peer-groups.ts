import type { Interns } from './interner';

export type PeerLevel = 'consumer' | 'service' | 'global';

/**
 * A generous summary of a positive quantity across members: EWMA of the mean and variance of
 * log(1 + x), read back as exp(mean + 2 sd) - 1 (about the 97th percentile of a log-normal), so a
 * new token is compared with the busier members of its group rather than the average one.
 */
class LogMoments {
  mean = 0;
  variance = 0;
  n = 0;

  add(x: number): void {
    const v = Math.log1p(Math.max(0, x));
    this.n++;
    const a = Math.max(0.02, 1 / this.n);
    const d = v - this.mean;
    this.mean += a * d;
    this.variance = (1 - a) * (this.variance + a * d * d);
  }

  high(): number {
    return this.n === 0 ? 0 : Math.expm1(this.mean + 2 * Math.sqrt(this.variance));
  }

  toJSON(): Moments {
    return [this.mean, this.variance, this.n];
  }

  load([mean, variance, n]: Moments): void {
    this.mean = mean;
    this.variance = variance;
    this.n = n;
  }
}

type Moments = [mean: number, variance: number, n: number];

/** A peer group as plain JSON (exact: doubles round-trip, float32 peaks go back into float32). */
export interface PeerBaselineState {
  level: PeerLevel;
  name: string;
  members: number;
  hod: Moments[];
  peaks5: number[];
  peaks1: number[];
  norms: Moments[];
  countries: Array<[string, number]>;
  uas: Array<[string, number]>;
  routes: Array<[string, number]>;
}

/** Every peer group of one scope, e.g. the tokens of one events partition. */
export interface PeerGroupsState {
  global: PeerBaselineState;
  consumers: PeerBaselineState[];
  services: PeerBaselineState[];
}

/**
 * What the busier learned tokens of a group look like: hourly volume and peak minutes per hour of day,
 * dispersion, peak norms (each as a high quantile across members), and the countries, user-agent
 * families and routes its members use (counted in member-hours). New tokens borrow it while they learn.
 */
export class PeerBaseline {
  members = 0;
  readonly hodStats = Array.from({ length: 24 }, () => new LogMoments());
  private readonly peaks5 = new Float32Array(24);
  private readonly peaks1 = new Float32Array(24);
  private readonly phiStats = new LogMoments();
  private readonly bytes5Stats = new LogMoments();
  private readonly respStats = new LogMoments();
  private readonly ipStats = new LogMoments();
  private readonly enumStats = new LogMoments();
  private readonly failStats = new LogMoments();
  readonly countries = new Map<string, number>();
  readonly uas = new Map<string, number>();
  readonly routes = new Map<string, number>();

  constructor(
    readonly level: PeerLevel,
    readonly name: string,
  ) {}

  get label(): string {
    return this.level === 'global' ? 'all tokens' : `${this.level} ${this.name}`;
  }

  get phi(): number {
    return this.phiStats.high();
  }
  get bytesPeak5(): number {
    return this.bytes5Stats.high();
  }
  get respPeak(): number {
    return this.respStats.high();
  }
  get ipPeak(): number {
    return this.ipStats.high();
  }
  get enumPeak(): number {
    return this.enumStats.high();
  }
  get failPeak(): number {
    return this.failStats.high();
  }

  /** Known to the group: used by at least two member-hours. */
  knows(kind: 'countries' | 'uas' | 'routes', name: string): boolean {
    return (this[kind].get(name) ?? 0) >= 2;
  }

  /** A high typical largest 5-min (1-min) count around an hour of day (±1 h), 0 when unknown. */
  peak5(hod: number): number {
    return around(this.peaks5, hod);
  }
  peak1(hod: number): number {
    return around(this.peaks1, hod);
  }

  /** A high hourly count around an hour of day (±1 h), 0 when unknown. */
  hourly(hod: number): number {
    let best = 0;
    for (let d = -1; d <= 1; d++) best = Math.max(best, this.hodStats[(hod + d + 24) % 24]!.high());
    return best;
  }

  add(c: PeerContribution): void {
    if (c.newMember) this.members++;
    this.hodStats[c.hod]!.add(c.count);
    // peak-hold over members, decaying 2% per contribution: the busier members' peaks
    this.peaks5[c.hod] = Math.max(this.peaks5[c.hod]! * 0.98, c.peak5);
    this.peaks1[c.hod] = Math.max(this.peaks1[c.hod]! * 0.98, c.peak1);
    this.phiStats.add(c.phi);
    this.bytes5Stats.add(c.bytesPeak5);
    this.respStats.add(c.respPeak);
    this.ipStats.add(c.ipPeak);
    this.enumStats.add(c.enumPeak);
    this.failStats.add(c.failPeak);
    bump(this.countries, c.countries, LIMITS.countries);
    bump(this.uas, c.uas, LIMITS.uas);
    bump(this.routes, c.routes, LIMITS.routes);
  }

  bytes(): number {
    return 1200 + (this.countries.size + this.uas.size + this.routes.size) * 90;
  }

  private norms(): LogMoments[] {
    return [this.phiStats, this.bytes5Stats, this.respStats, this.ipStats, this.enumStats, this.failStats];
  }

  toJSON(): PeerBaselineState {
    return {
      level: this.level,
      name: this.name,
      members: this.members,
      hod: this.hodStats.map((m) => m.toJSON()),
      peaks5: [...this.peaks5],
      peaks1: [...this.peaks1],
      norms: this.norms().map((m) => m.toJSON()),
      countries: [...this.countries],
      uas: [...this.uas],
      routes: [...this.routes],
    };
  }

  static fromJSON(s: PeerBaselineState): PeerBaseline {
    const g = new PeerBaseline(s.level, s.name);
    g.members = s.members;
    s.hod.forEach((m, i) => g.hodStats[i]?.load(m));
    g.peaks5.set(s.peaks5.slice(0, 24));
    g.peaks1.set(s.peaks1.slice(0, 24));
    const norms = g.norms();
    s.norms.forEach((m, i) => norms[i]?.load(m));
    for (const [k, v] of s.countries) g.countries.set(k, v);
    for (const [k, v] of s.uas) g.uas.set(k, v);
    for (const [k, v] of s.routes) g.routes.set(k, v);
    return g;
  }
}

/** One member-hour of a learned token, given to its peer groups when its hour closes. */
export interface PeerContribution {
  hod: number;
  count: number;
  peak5: number;
  peak1: number;
  phi: number;
  bytesPeak5: number;
  respPeak: number;
  ipPeak: number;
  enumPeak: number;
  failPeak: number;
  countries: string[];
  uas: string[];
  routes: string[];
  newMember: boolean;
}

const LIMITS = { countries: 64, uas: 32, routes: 128 } as const;

function around(values: Float32Array, hod: number): number {
  let best = 0;
  for (let d = -1; d <= 1; d++) best = Math.max(best, values[(hod + d + 24) % 24]!);
  return best;
}

/** Peer baselines per consumer, per service and one global, each level capped (least recently used go). */
export class PeerGroups {
  global = new PeerBaseline('global', '*');
  /** Set by every contribution; the caller clears it once it has saved the groups. */
  changed = false;
  private readonly byConsumer = new Map<number, PeerBaseline>();
  private readonly byService = new Map<number, PeerBaseline>();

  constructor(
    private readonly interns: Interns,
    private readonly maxGroups: number,
    private readonly minMembers: number,
  ) {}

  /** The most specific group with enough learned members: consumer, else service, else global. */
  select(consumer: number, service: number): PeerBaseline | undefined {
    const c = consumer ? this.byConsumer.get(consumer) : undefined;
    if (c && c.members >= this.minMembers) return c;
    const s = service ? this.byService.get(service) : undefined;
    if (s && s.members >= this.minMembers) return s;
    return this.global.members >= this.minMembers ? this.global : undefined;
  }

  contribute(consumer: number, service: number, c: PeerContribution): void {
    this.changed = true;
    if (consumer) this.group(this.byConsumer, 'consumer', consumer).add(c);
    if (service) this.group(this.byService, 'service', service).add(c);
    this.global.add(c);
  }

  count(): number {
    return 1 + this.byConsumer.size + this.byService.size;
  }

  /** Oldest group first within each level, so that loading keeps the least-recently-used order. */
  toJSON(): PeerGroupsState {
    return {
      global: this.global.toJSON(),
      consumers: [...this.byConsumer.values()].map((g) => g.toJSON()),
      services: [...this.byService.values()].map((g) => g.toJSON()),
    };
  }

  /** Replaces every group with the saved ones. */
  load(state: PeerGroupsState): void {
    this.global = PeerBaseline.fromJSON(state.global);
    this.byConsumer.clear();
    this.byService.clear();
    for (const g of state.consumers) this.byConsumer.set(this.interns.consumer.id(g.name), PeerBaseline.fromJSON(g));
    for (const g of state.services) this.byService.set(this.interns.service.id(g.name), PeerBaseline.fromJSON(g));
    this.changed = false;
  }

  bytes(): number {
    let total = this.global.bytes();
    for (const g of this.byConsumer.values()) total += g.bytes();
    for (const g of this.byService.values()) total += g.bytes();
    return total;
  }

  private group(map: Map<number, PeerBaseline>, level: PeerLevel, id: number): PeerBaseline {
    let g = map.get(id);
    if (g) {
      map.delete(id);
    } else {
      g = new PeerBaseline(level, level === 'consumer' ? this.interns.consumer.name(id) : this.interns.service.name(id));
      if (map.size >= this.maxGroups) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
    }
    map.set(id, g);
    return g;
  }
}

function bump(map: Map<string, number>, names: string[], limit: number): void {
  for (const name of names) {
    map.set(name, (map.get(name) ?? 0) + 1);
    if (map.size > limit) {
      let minName = '';
      let min = Infinity;
      for (const [k, v] of map) if (v < min && k !== name) [min, minName] = [v, k];
      map.delete(minName);
    }
  }
}
