import { z } from 'zod';
import { SignalType, TokenKind } from '@tokenwatch/contracts';

/** One labelled episode: an attack to catch, or a benign look-alike that should stay quiet. */
export const LabelEpisode = z.object({
  id: z.string().min(1),
  scenario: z.string().min(1),
  label: z.enum(['attack', 'benign']),
  /** The credential as the gateway logs it (what the adapter fingerprints). */
  token: z.string().min(1),
  /** The AccessEvent token kind the adapter assigns to it; the fingerprint is HMAC(key, `${tokenKind}\0${token}`). */
  tokenKind: TokenKind,
  start: z.number().int(),
  end: z.number().int(),
  expectedSignals: z.array(SignalType),
  resembles: z.array(SignalType).optional(),
  persona: z.string().optional(),
  detail: z.string().optional(),
});
export type LabelEpisode = z.infer<typeof LabelEpisode>;

export const LabelsMeta = z.object({
  tokens: z.number().int().positive(),
  days: z.number().positive(),
  /** Epoch ms. */
  start: z.number().int(),
  end: z.number().int(),
  seed: z.string(),
  format: z.string().optional(),
  /** Episodes start after this (epoch ms): the learning time left to detectors. */
  learningEnd: z.number().int().optional(),
});
export type LabelsMeta = z.infer<typeof LabelsMeta>;

/** The labels file written by `tokenwatch simulate --labels` and read by `tokenwatch evaluate`. */
export const LabelsFile = z.object({
  version: z.literal(1),
  meta: LabelsMeta,
  episodes: z.array(LabelEpisode),
});
export type LabelsFile = z.infer<typeof LabelsFile>;
