import { z } from 'zod';
import { SignalType } from '@tokenwatch/contracts';

/** Common to every signal: on/off and a sensitivity weight applied to its score before combination. */
const base = { enabled: z.boolean().default(true), weight: z.number().min(0).max(2).default(1) };
const sig = <T extends z.ZodRawShape>(shape: T) => {
  const schema = z.object({ ...base, ...shape });
  // every field has a default, so an empty object is a valid input
  return schema.prefault({} as z.input<typeof schema>);
};
const score = (value: number) => z.number().min(0).max(1).default(value);

/** Default sequence stages: the reported OAuth-token breach chain, matched on "METHOD /route". */
export const DEFAULT_SEQUENCE_STAGES = [
  { name: 'recon', pattern: String.raw`^GET \S*/(sobjects|objects|tables|schemas|entities|collections|catalog|metadata)/?$` },
  { name: 'describe', pattern: String.raw`^GET \S*(/describe\b|/(sobjects|objects|tables|schemas|entities|metadata)/\{[^}/]+\}/?$)` },
  { name: 'count', pattern: String.raw`^GET \S*(\b(count|aggregate|stats)\b|/query/?$)` },
  { name: 'limits', pattern: String.raw`^GET \S*/(limits|quotas?|rate[-_]?limits?|usage)/?$` },
  { name: 'bulk_export', pattern: String.raw`^POST \S*/(jobs|bulk|exports?)\b` },
  { name: 'delete_job', pattern: String.raw`^DELETE \S*/(jobs|bulk|exports?)\b` },
];

export const DEFAULT_SENSITIVE_PATTERNS = [
  String.raw`/(admin|internal|debug)(/|$)`,
  String.raw`/(exports?|bulk|dump|backup)(/|$)`,
  String.raw`/(keys|api[-_]?keys|tokens|secrets|credentials)(/|$)`,
  String.raw`/(users|members|accounts)/?$`,
  String.raw`^DELETE `,
];

const SignalsConfig = z
  .object({
    volume_spike: sig({
      minFold: z.number().positive().default(3),
      log10P: z.number().max(-1).default(-6),
      minCount1m: z.number().int().positive().default(30),
      minCount5m: z.number().int().positive().default(60),
      coldStartFold: z.number().positive().default(6),
    }),
    bytes_spike: sig({
      minFold: z.number().positive().default(5),
      minBytes5m: z.number().nonnegative().default(20_000_000),
      singleResponseFold: z.number().positive().default(20),
      minSingleBytes: z.number().nonnegative().default(10_000_000),
    }),
    new_country: sig({
      score: score(0.5),
      /** Factor on the score when the request comes from a cloud operator the token uses (a new region of its own provider). */
      ownCloudFactor: z.number().min(0).max(1).default(0.4),
    }),
    rare_country: sig({ score: score(0.3), maxShare: z.number().min(0).max(1).default(0.01), minHistory: z.number().int().default(200) }),
    impossible_travel: sig({
      score: score(0.7),
      maxSpeedKmh: z.number().positive().default(1000),
      /** Door to door, a flight adds check-in, boarding and the way to and from airports. */
      airportHours: z.number().nonnegative().default(2),
      /** High-speed rail or a motorway: the quickest way without an airport. */
      groundSpeedKmh: z.number().positive().default(300),
      minDistanceKm: z.number().nonnegative().default(500),
      cityAccuracyKm: z.number().nonnegative().default(50),
      countryAccuracyKm: z.number().nonnegative().default(500),
    }),
    concurrent_geo: sig({
      score: score(0.7),
      windowMs: z.number().int().positive().default(600_000),
      minDistanceKm: z.number().default(500),
      /** A new network alternating with a usual one: switches needed within networkWindowMs. */
      minNetworkFlips: z.number().int().min(2).default(4),
      networkWindowMs: z.number().int().positive().default(1_800_000),
      /** A pause longer than this ends a run of use (one sitting of a client). */
      runGapMs: z.number().int().positive().default(300_000),
      /** A source new to the token (network, or fixed-line place) in use without such a pause for this long… */
      sustainedMinMs: z.number().int().positive().default(3_600_000),
      /** …and this many times the token's longest run of use is a second client with its own clock. */
      sustainedFold: z.number().positive().default(3),
      sustainedScore: score(0.65),
    }),
    ip_fanout: sig({ minDistinct: z.number().int().positive().default(10), minFold: z.number().positive().default(4) }),
    new_user_agent: sig({ score: score(0.35) }),
    endpoint_drift: sig({
      minJsd: z.number().min(0).max(1).default(0.45),
      // at most 255: the recent window's route counts are bytes (state/layout.ts)
      windowRequests: z.number().int().min(10).max(255).default(100),
      minRequests: z.number().int().min(5).default(30),
    }),
    new_endpoint: sig({ score: score(0.25) }),
    sensitive_endpoint: sig({ score: score(0.4), patterns: z.array(z.string()).default(DEFAULT_SENSITIVE_PATTERNS) }),
    enumeration: sig({
      minDistinct: z.number().int().positive().default(40),
      minFold: z.number().positive().default(4),
      minNotFoundRatio: z.number().min(0).max(1).default(0.2),
    }),
    auth_failures: sig({ minFailures: z.number().int().positive().default(10), minFold: z.number().positive().default(4) }),
    dormant_reactivation: sig({ score: score(0.6), minDays: z.number().positive().default(5), gapFold: z.number().min(1).default(2) }),
    off_hours: sig({
      /** Score when the hour of day is dead on every observed day (±`marginHours`); a dead hour of week alone scores `weekScore`. */
      score: score(0.6),
      weekScore: score(0.3),
      marginHours: z.number().int().min(0).max(6).default(3),
      maxExpectedPerHour: z.number().nonnegative().default(0.1),
      minDays: z.number().positive().default(3),
      /** Sustained use: active minutes among the last 32 before the check runs. */
      minActiveMinutes: z.number().int().min(1).max(32).default(10),
      minLevelPerHour: z.number().nonnegative().default(0.5),
    }),
    new_network: sig({
      /** Score of a first request from a hosting/cloud or anonymiser network a learned token never used. */
      infrastructureScore: score(0.6),
      /** Score of a first request from another residential or mobile network (weak context on its own). */
      accessScore: score(0.2),
      /** Score of a first request from a second mobile carrier, for a token already on one (dual SIMs exist). */
      secondCarrierScore: score(0.4),
    }),
    sequence: sig({
      windowMs: z.number().int().positive().default(7_200_000),
      minStages: z.number().int().min(2).default(3),
      requiredStage: z.string().default('bulk_export'),
      stages: z
        .array(z.object({ name: z.string().min(1), pattern: z.string().min(1) }))
        .min(2)
        .max(7)
        .default(DEFAULT_SEQUENCE_STAGES),
    }),
  })
  .prefault({});

/** Who an allowlist entry or a suppression applies to; an empty match applies to every token. */
const Match = { fp: z.string().optional(), consumer: z.string().optional(), service: z.string().optional() };

export const AllowlistEntry = z.object({
  ...Match,
  countries: z.array(z.string()).default([]),
  cidrs: z.array(z.string()).default([]),
  userAgentFamilies: z.array(z.string()).default([]),
});

export const Suppression = z.object({
  ...Match,
  /** Signals to mute; all when omitted. */
  signals: z.array(SignalType).optional(),
  /** Event time (epoch ms) at which the suppression expires. */
  until: z.number().int().nonnegative(),
  reason: z.string().optional(),
});

export const DetectorConfigSchema = z.object({
  learning: z
    .object({
      minEvents: z.number().int().nonnegative().default(50),
      minHours: z.number().nonnegative().default(24),
      minPeerTokens: z.number().int().positive().default(3),
    })
    .prefault({}),
  decision: z
    .object({
      minAlertScore: z.number().min(0).max(1).default(0.4),
      severity: z.object({ medium: score(0.6), high: score(0.8), critical: score(0.95) }).prefault({}),
      dedupWindowMs: z.number().int().nonnegative().default(3_600_000),
      combineWindowMs: z.number().int().nonnegative().default(900_000),
      quietPeriodMs: z.number().int().positive().default(1_800_000),
      escalationDelta: z.number().min(0).max(1).default(0.1),
      /** An open incident with new anomalies is re-emitted (count, last seen) at most this often; 0: only on escalation. */
      updateIntervalMs: z.number().int().nonnegative().default(900_000),
      /** Score factor while a token learns for signals without a peer baseline to compare with (travel, first-hours volume). */
      learningFactor: z.number().min(0).max(1).default(0.3),
    })
    .prefault({}),
  signals: SignalsConfig,
  allowlists: z.array(AllowlistEntry).default([]),
  suppressions: z.array(Suppression).default([]),
  limits: z
    .object({
      maxTokens: z.number().int().positive().default(2_000_000),
      maxInterned: z.number().int().positive().max(65_535).default(65_535),
      maxPeerGroups: z.number().int().positive().default(5_000),
    })
    .prefault({}),
});

export type DetectorConfig = z.output<typeof DetectorConfigSchema>;
export type DetectorConfigInput = z.input<typeof DetectorConfigSchema>;
export type SignalsConfig = DetectorConfig['signals'];
export type AllowlistEntry = z.output<typeof AllowlistEntry>;
export type Suppression = z.output<typeof Suppression>;

/** Validates a JSON config (e.g. a parsed config file); throws a ZodError naming the bad field. */
export function parseDetectorConfig(json: unknown): DetectorConfig {
  return DetectorConfigSchema.parse(json ?? {});
}

export const defaultDetectorConfig = (): DetectorConfig => DetectorConfigSchema.parse({});
