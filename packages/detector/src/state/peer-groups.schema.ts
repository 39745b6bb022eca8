import { z } from 'zod';
import type { PeerBaselineState, PeerGroupsState } from './peer-groups';

const moments = z.tuple([z.number(), z.number().nonnegative(), z.number().int().nonnegative()]);
const counts = z.array(z.tuple([z.string(), z.number()]));

const PeerBaselineStateSchema: z.ZodType<PeerBaselineState> = z.object({
  level: z.enum(['consumer', 'service', 'global']),
  name: z.string(),
  members: z.number().int().nonnegative(),
  hod: z.array(moments).length(24),
  peaks5: z.array(z.number()).length(24),
  peaks1: z.array(z.number()).length(24),
  norms: z.array(moments).length(6),
  countries: counts,
  uas: counts,
  routes: counts,
});

/** A scope's saved peer groups (Detector.peerGroups), checked before they are restored. */
export const PeerGroupsStateSchema: z.ZodType<PeerGroupsState> = z.object({
  global: PeerBaselineStateSchema,
  consumers: z.array(PeerBaselineStateSchema),
  services: z.array(PeerBaselineStateSchema),
});
