/** Kong http-log records (3.x shape) for tests, with a raw `apikey` header Kong does not redact. */
export interface KongRecordOptions {
  requestId: string;
  startedAt: number;
  status: number;
  apikey?: string;
  consumerId?: string;
  path?: string;
  clientIp?: string;
}

export function kongRecord(o: KongRecordOptions): Record<string, unknown> {
  return {
    request: {
      id: o.requestId,
      method: 'GET',
      uri: o.path ?? '/v1/orders/1234',
      url: `http://api.example.test${o.path ?? '/v1/orders/1234'}`,
      size: 120,
      querystring: {},
      headers: { host: 'api.example.test', 'user-agent': 'python-requests/2.32.3', ...(o.apikey ? { apikey: o.apikey } : {}) },
    },
    response: { status: o.status, size: 512, headers: { 'x-kong-request-id': o.requestId } },
    latencies: { request: 12, kong: 1, proxy: 11 },
    client_ip: o.clientIp ?? '203.0.113.7',
    started_at: o.startedAt,
    service: { name: 'orders' },
    route: { name: 'orders-route', paths: ['/v1/orders'] },
    ...(o.consumerId ? { consumer: { id: o.consumerId, username: `user-${o.consumerId}` } } : {}),
  };
}

/** The drills' start of traffic: a fixed date, never the clock. */
export const DRILL_TRAFFIC_START = Date.UTC(2026, 10, 24, 10);

/**
 * Records `from`…`from + count - 1` of a drill's steady stream, as JSON lines: 200 consumers in turn,
 * 100 ms apart from DRILL_TRAFFIC_START, request ids unique to the run.
 */
export const drillRecords = (run: string, from: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      kongRecord({ requestId: `r-${run}-${from + i}`, startedAt: DRILL_TRAFFIC_START + (from + i) * 100, status: 200, consumerId: `c-${(from + i) % 200}` }),
    ),
  );
