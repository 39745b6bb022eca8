import type { AccessEvent, Alert, SignalType } from '@tokenwatch/contracts';
import type { DetectorConfigInput } from '../config/detector-config.schema';
import { createDetector } from '../detector';
import type { Detector } from '../detector.types';

export interface Run {
  detector: Detector;
  alerts: Alert[];
}

/** Feeds events (in order) to a detector and collects every alert, then ticks to `tickAt` if given. */
export function runDetector(events: AccessEvent[], config?: DetectorConfigInput, tickAt?: number, detector = createDetector(config)): Run {
  const alerts: Alert[] = [];
  for (const e of events) alerts.push(...detector.observe(e));
  if (tickAt !== undefined) alerts.push(...detector.tick(tickAt));
  return { detector, alerts };
}

/** Firing alerts, optionally only those of one token, at or above a severity. */
export function firing(alerts: Alert[], opts: { fp?: string; min?: Alert['severity']; after?: number } = {}): Alert[] {
  const order = ['low', 'medium', 'high', 'critical'];
  return alerts.filter(
    (a) =>
      a.state === 'firing' &&
      (opts.fp === undefined || a.token.fp === opts.fp) &&
      (opts.after === undefined || a.ts >= opts.after) &&
      order.indexOf(a.severity) >= order.indexOf(opts.min ?? 'low'),
  );
}

/** Signal types present in a list of alerts. */
export const signalTypes = (alerts: Alert[]): Set<SignalType> => new Set(alerts.flatMap((a) => a.signals.map((s) => s.type)));

/** Every signal of a given type across alerts. */
export const signalsOf = (alerts: Alert[], type: SignalType) => alerts.flatMap((a) => a.signals.filter((s) => s.type === type));
