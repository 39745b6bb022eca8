import type { Clock, DeliveryResult, Notification, Transport } from '../notifier.types';
import { sendHttp } from '../delivery/http.client';
import { RateGate } from './rate.gate';
import { buildSlackMessage } from './slack.blocks';

export interface SlackTransportOptions {
  /** The incoming-webhook URL; it is a secret and never logged. */
  webhookUrl: string;
  timeoutMs: number;
  clock: Clock;
  /** Default 1000: Slack allows about one message per second per webhook. */
  minIntervalMs?: number;
}

/** One gate per webhook URL (and clock) in this process, shared by every transport posting to it. */
const gatesByClock = new WeakMap<Clock, Map<string, RateGate>>();

/**
 * Slack incoming webhook with Block Kit. Success is HTTP 200 with body `ok`; messages to one
 * webhook leave at most once per second, in order; a 429 holds the webhook's queue for Retry-After.
 */
export function createSlackTransport(opts: SlackTransportOptions): Transport {
  const interval = opts.minIntervalMs ?? 1000;
  const gateKey = `${opts.webhookUrl}\u0000${interval}`;
  let gates = gatesByClock.get(opts.clock);
  if (!gates) gatesByClock.set(opts.clock, (gates = new Map()));
  let gate = gates.get(gateKey);
  if (!gate) {
    gate = new RateGate(interval, opts.clock);
    gates.set(gateKey, gate);
  }
  const webhookGate = gate;
  return {
    name: 'slack',
    mode: 'grouped',
    redeliverySafe: false,
    async deliver(n: Notification): Promise<DeliveryResult> {
      await webhookGate.take();
      const result = await sendHttp(
        {
          url: opts.webhookUrl,
          body: JSON.stringify(buildSlackMessage(n)),
          headers: { 'content-type': 'application/json' },
          timeoutMs: opts.timeoutMs,
        },
        (res) => res.status === 200 && res.body.trim() === 'ok',
        opts.clock.now,
        'slack',
      );
      if (result.kind === 'retry' && result.afterMs !== undefined) webhookGate.holdUntil(opts.clock.now() + result.afterMs);
      return result;
    },
  };
}
