import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { buildSilence, silenceApplies, type NewSilence, type SilenceRecord } from '@tokenwatch/clickhouse';
import { SignalType, TokenFingerprint, type Alert } from '@tokenwatch/contracts';
import type { TokenProfile } from '../notifier.types';

/** A time-boxed mute of Slack and PagerDuty messages (the ClickHouse `silences` record). */
export type Silence = SilenceRecord;

/**
 * Where the notifier reads silences from. The shared store is ClickHouse (written by the API and
 * `tokenwatch notify silence`); a JSON file serves offline `tokenwatch notify --alerts` runs.
 */
export interface SilenceStore {
  /** Silences that may apply now or later; ended ones may be included (matching checks the time). */
  list(): Promise<Silence[]>;
}

export function findSilence(silences: readonly Silence[], alert: Alert, profile: TokenProfile, now: number): Silence | undefined {
  const target = { tokenFp: alert.token.fp, consumer: profile.consumer, signals: alert.signals.map((s) => s.type) };
  return silences.find((s) => silenceApplies(s, target, now));
}

/** In memory (tests, embedding); `add` validates like the ClickHouse store. */
export function createMemorySilenceStore(now: () => number = Date.now): SilenceStore & { add(input: NewSilence): Promise<Silence> } {
  const silences: Silence[] = [];
  return {
    list: async () => [...silences],
    async add(input) {
      const silence = buildSilence(input, now());
      silences.push(silence);
      return silence;
    },
  };
}

const Matchers = z
  .object({
    token: TokenFingerprint.optional(),
    consumer: z.string().min(1).max(256).optional(),
    signals: z.array(SignalType).max(SignalType.options.length).optional(),
  })
  .strict();

const FileSilence = z.object({
  id: z.string().min(1).max(64).optional(),
  matchers: Matchers,
  startsAt: z.number().int().nonnegative(),
  endsAt: z.number().int().nonnegative(),
  createdBy: z.string().max(128).default('file'),
  comment: z.string().max(1000).default(''),
});

/** Version 1 files (written by earlier releases): flat token / consumer / one signal. */
const LegacySilence = z
  .object({ token: TokenFingerprint.optional(), consumer: z.string().min(1).optional(), signal: SignalType.optional() })
  .passthrough()
  .transform(({ token, consumer, signal, ...rest }) => ({
    ...rest,
    matchers: { ...(token ? { token } : {}), ...(consumer ? { consumer } : {}), ...(signal ? { signals: [signal] } : {}) },
  }))
  .pipe(FileSilence);

const SilenceFile = z.union([
  z.object({ version: z.literal(2), silences: z.array(FileSilence) }),
  z.object({ version: z.literal(1), silences: z.array(LegacySilence) }),
]);

function parseFile(path: string, json: unknown, modifiedAt: number): Silence[] {
  const parsed = SilenceFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`silences file ${path} is invalid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad shape'}`);
  }
  return parsed.data.silences.map((s, i) => {
    try {
      return buildSilence(s, modifiedAt, s.id ?? `file-${i + 1}`);
    } catch (error) {
      throw new Error(`silences file ${path}, silence ${i + 1}: ${(error as Error).message}`, { cause: error });
    }
  });
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`silences file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Read-only silences from a JSON file, `{"version":2,"silences":[{"matchers":{…},"startsAt":ms,"endsAt":ms,"comment":"…"}]}`,
 * re-read when it changes: for `tokenwatch notify --alerts` without ClickHouse.
 */
export function createFileSilenceStore(path: string): SilenceStore {
  let cached: { version: string; silences: Silence[] } | undefined;
  return {
    async list() {
      let version: string;
      let modifiedAt: number;
      try {
        const info = await stat(path);
        version = `${info.mtimeMs}:${info.size}:${info.ino}`;
        modifiedAt = Math.floor(info.mtimeMs);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      if (cached?.version !== version) cached = { version, silences: parseFile(path, await readJson(path), modifiedAt) };
      return cached.silences;
    },
  };
}
