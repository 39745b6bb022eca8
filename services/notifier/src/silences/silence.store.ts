import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SignalType, TokenFingerprint, type Alert } from '@tokenwatch/contracts';
import type { TokenProfile } from '../notifier.types';

/** A time-boxed mute of Slack and PagerDuty messages; every given condition must hold. */
export const Silence = z
  .object({
    id: z.string().min(1).max(64),
    token: TokenFingerprint.optional(),
    consumer: z.string().min(1).max(256).optional(),
    /** Silences an alert only when every one of its signals has this type. */
    signal: SignalType.optional(),
    startsAt: z.number().int().nonnegative(),
    endsAt: z.number().int().nonnegative(),
    createdBy: z.string().max(128).default('unknown'),
    comment: z.string().max(1000).default(''),
    createdAt: z.number().int().nonnegative(),
  })
  .refine((s) => s.token !== undefined || s.consumer !== undefined || s.signal !== undefined, 'a silence needs a token, consumer or signal')
  .refine((s) => s.endsAt > s.startsAt, 'a silence must end after it starts');
export type Silence = z.infer<typeof Silence>;

export type NewSilence = Omit<Silence, 'id' | 'createdAt' | 'createdBy' | 'comment'> & { createdBy?: string; comment?: string };

/** Where silences live; the API and the CLI manage them through this interface. */
export interface SilenceStore {
  list(): Promise<Silence[]>;
  add(silence: NewSilence): Promise<Silence>;
  /** False when no silence has this id. */
  remove(id: string): Promise<boolean>;
}

export function silenceMatches(silence: Silence, alert: Alert, profile: TokenProfile, now: number): boolean {
  if (now < silence.startsAt || now >= silence.endsAt) return false;
  if (silence.token !== undefined && silence.token !== alert.token.fp) return false;
  if (silence.consumer !== undefined && silence.consumer !== profile.consumer) return false;
  if (silence.signal !== undefined && !alert.signals.every((s) => s.type === silence.signal)) return false;
  return true;
}

export function findSilence(silences: readonly Silence[], alert: Alert, profile: TokenProfile, now: number): Silence | undefined {
  return silences.find((s) => silenceMatches(s, alert, profile, now));
}

function create(input: NewSilence, now: number): Silence {
  return Silence.parse({ ...input, id: randomUUID(), createdAt: now });
}

export function createMemorySilenceStore(now: () => number = Date.now, initial: Silence[] = []): SilenceStore {
  const silences = [...initial];
  return {
    list: async () => [...silences],
    async add(input) {
      const silence = create(input, now());
      silences.push(silence);
      return silence;
    },
    async remove(id) {
      const i = silences.findIndex((s) => s.id === id);
      if (i < 0) return false;
      silences.splice(i, 1);
      return true;
    },
  };
}

const SilenceFile = z.object({ version: z.literal(1), silences: z.array(Silence) });
/** Silences that ended this long ago are dropped when the file is next written. */
const KEEP_ENDED_MS = 7 * 86_400_000;

/**
 * Silences in a JSON file (`{"version":1,"silences":[…]}`), re-read when it changes, so that a
 * running notifier sees what `tokenwatch notify silence add` wrote. Writes replace the file atomically.
 */
export function createFileSilenceStore(path: string, now: () => number = Date.now): SilenceStore {
  let cached: { version: string; silences: Silence[] } | undefined;

  const read = async (): Promise<Silence[]> => {
    let version: string;
    try {
      const info = await stat(path);
      version = `${info.mtimeMs}:${info.size}:${info.ino}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    if (cached?.version === version) return cached.silences;
    const parsed = SilenceFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) throw new Error(`silences file ${path} is invalid: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
    cached = { version, silences: parsed.data.silences };
    return cached.silences;
  };

  const write = async (silences: Silence[]): Promise<void> => {
    const kept = silences.filter((s) => s.endsAt > now() - KEEP_ENDED_MS);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ version: 1, silences: kept }, null, 2)}\n`, 'utf8');
    await rename(tmp, path);
    cached = undefined;
  };

  return {
    list: async () => [...(await read())],
    async add(input) {
      const silence = create(input, now());
      await write([...(await read()), silence]);
      return silence;
    },
    async remove(id) {
      const silences = await read();
      if (!silences.some((s) => s.id === id)) return false;
      await write(silences.filter((s) => s.id !== id));
      return true;
    },
  };
}
