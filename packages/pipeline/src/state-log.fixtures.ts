import type { AccessEvent } from '@tokenwatch/contracts';
import type { RawMessage } from './raw-message';
import type { StateLogMessage } from './token-state.log';

/** Test fixtures of the state changelog tests: token fingerprints, plain events, and written records as consumed. */
export const fpOf = (t: number) => `${t.toString(16).padStart(2, '0')}`.repeat(16);

export function stateLogEvent(i: number, token: number, ts: number, status: number): AccessEvent {
  return {
    id: `e-${i}`,
    ts,
    gateway: 'kong',
    token: { fp: fpOf(token), hint: '0001', kind: 'api_key' },
    ip: '203.0.113.9',
    method: 'GET',
    route: '/v1/items',
    path: '/v1/items',
    status,
    bytes: 100,
    latencyMs: 1,
    userAgent: 'svc/1.0',
    consumer: `c${token}`,
    service: 'items',
    geo: null,
  };
}

/** Changelog records as a restore reads them back. */
export const asConsumed = (written: StateLogMessage[]): RawMessage[] =>
  written.map((m, offset) => ({
    topic: 'state',
    partition: m.partition,
    offset: String(offset),
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: {},
    timestamp: 0,
  }));
