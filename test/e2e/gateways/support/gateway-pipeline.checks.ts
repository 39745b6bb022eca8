import { expect, inject, it } from 'vitest';
import { messageContains } from '../../support/topic-dump';
import { eventsByAgent, expectedCredential, normalizeLines, type GatewayRun } from './gateway-log.checks';
import { throughKafka } from './kafka-pipeline';

/** The access log of `current()` through the real pipeline (see throughKafka): what reaches the events topic and ClickHouse. */
export function gatewayPipelineTest(current: () => GatewayRun, logFile: string): void {
  it("through Kafka: one event per keyed request, keyed by fingerprint, equal to the adapter's, stored; keyless lines dead-lettered; no raw key on the topic", async () => {
    const run = current();
    const keyed = run.plan.requests.filter((r) => expectedCredential(run, r));
    const keyless = run.plan.requests.length - keyed.length;
    const outcome = await throughKafka(run.format, logFile, inject('kafkaBrokers'), { events: keyed.length, rejected: keyless });
    expect(outcome.produce.code, outcome.produce.stderr).toBe(0);
    expect(outcome.produce.stderr).toContain(`produced ${run.plan.requests.length} messages`);
    expect(outcome.events).toHaveLength(keyed.length);
    expect(outcome.stored).toBe(keyed.length);
    expect(outcome.keys).toEqual(outcome.events.map((e) => e.token.fp));
    const direct = eventsByAgent(normalizeLines(run).filter((r) => r.kind === 'ok'));
    for (const event of outcome.events) expect(event).toEqual(direct.get(event.userAgent!));
    expect(outcome.dlqReasons).toEqual(Array(keyless).fill('no credential'));
    for (const secret of run.plan.secrets)
      expect(
        outcome.eventMessages.some((m) => messageContains(m, secret)),
        `events topic holds ${secret}`,
      ).toBe(false);
  });
}
