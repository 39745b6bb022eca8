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
