import { z } from 'zod';
import { hasMatcher, silenceStatus, type SilenceRecord } from '@tokenwatch/clickhouse';
import { SignalType } from '@tokenwatch/contracts';
import { Fingerprint } from './params';

export const DAY_MS = 86_400_000;
/** The longest silence the API creates. */
export const MAX_SILENCE_MS = 90 * DAY_MS;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: DAY_MS } as const;

/** "30m", "12h", "7d" -> milliseconds, at most 90 days. */
export const SilenceDuration = z
  .string()
  .regex(/^\d{1,6}[mhd]$/, 'a duration such as 30m, 12h or 7d')
  .transform((s) => Number(s.slice(0, -1)) * UNIT_MS[s.at(-1) as keyof typeof UNIT_MS])
  .refine((ms) => ms > 0 && ms <= MAX_SILENCE_MS, 'between 1 minute and 90 days');

/** Epoch ms or an ISO-8601 date, in a JSON body. */
const BodyTime = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

export const SilenceMatchersBody = z
  .object({
    token: Fingerprint.optional(),
    consumer: z.string().trim().min(1).max(256).optional(),
    signals: z.array(SignalType).min(1).max(SignalType.options.length).optional(),
  })
  .strict()
  .refine(hasMatcher, 'at least one matcher: token, consumer or signals');

export const SilenceComment = z.string().trim().min(3).max(1000);

/**
 * `POST /api/silences`: matchers, a comment, and an end (`endsAt`, or `for` from `startsAt`);
 * `startsAt` defaults to now. The end must lie in the future and at most 90 days after the start.
 */
export function newSilenceBody(now: number) {
  return z
    .object({
      matchers: SilenceMatchersBody,
      comment: SilenceComment,
      startsAt: BodyTime.optional(),
      endsAt: BodyTime.optional(),
      for: SilenceDuration.optional(),
    })
    .strict()
    .transform((b, ctx) => {
      const startsAt = b.startsAt ?? now;
      if ((b.endsAt === undefined) === (b.for === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give either endsAt or for' });
        return z.NEVER;
      }
      const endsAt = b.endsAt ?? startsAt + (b.for as number);
      if (endsAt <= now) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be in the future' });
      if (endsAt <= startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
      if (endsAt - Math.max(startsAt, now) > MAX_SILENCE_MS || startsAt > now + MAX_SILENCE_MS) {
        ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'a silence lasts at most 90 days' });
      }
      return { matchers: b.matchers, comment: b.comment, startsAt, endsAt };
    });
}

export const silenceView = (s: SilenceRecord, now: number) => ({ ...s, status: silenceStatus(s, now) });
