/** OpenAPI 3 description of the SOC API (hand-written; the auth-matrix test checks it lists every route). */
const err = { $ref: '#/components/responses/Error' };
const std = { '400': err, '401': err, '403': err, '429': err, '503': err };
const q = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
const p = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

const triage = (action: string, summary: string) => ({
  post: {
    summary,
    operationId: `alert_${action.replace('-', '_')}`,
    'x-required-role': 'responder',
    parameters: [p('id', 'alert id')],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 3, maxLength: 2000 } } },
        },
      },
    },
    responses: { '201': json('the recorded triage action (who, when, why)'), '404': err, ...std },
  },
});

export const OPENAPI_DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tokenwatch SOC API', version: '1.0.0', description: 'Alerts, triage and token inventory. Every route except /healthz, /readyz and /metrics needs `Authorization: Bearer <key>`.' },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key from TOKENWATCH_API_KEYS (role:key)' } },
    responses: {
      Error: {
        description: 'error',
        content: { 'application/json': { schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, problems: { type: 'array', items: { type: 'object' } } } } } },
      },
    },
  },
  paths: {
    '/healthz': { get: { summary: 'liveness', security: [], responses: { '200': json('ok') } } },
    '/readyz': { get: { summary: 'readiness of dependencies', security: [], responses: { '200': json('ready'), '503': json('not ready') } } },
    '/metrics': { get: { summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'text exposition format' } } } },
    '/api/openapi.json': { get: { summary: 'this document', 'x-required-role': 'viewer', responses: { '200': json('OpenAPI 3 document'), ...std } } },
    '/api/alerts': {
      get: {
        summary: 'alerts, newest first',
        operationId: 'list_alerts',
        'x-required-role': 'viewer',
        parameters: [
          q('severity', 'comma-separated: low,medium,high,critical'),
          q('state', 'comma-separated: firing,resolved'),
          q('signal', 'a signal type, e.g. volume_spike'),
          q('token', 'token fingerprint (hex)'),
          q('from', 'detection time from (epoch ms or ISO-8601), inclusive'),
          q('to', 'detection time to (epoch ms or ISO-8601), exclusive'),
          q('limit', '1..500, default 50', { type: 'integer', minimum: 1, maximum: 500 }),
          q('cursor', 'nextCursor of the previous page'),
        ],
        responses: { '200': json('{ items: Alert v1 + triage, nextCursor }'), ...std },
      },
    },
    '/api/alerts/{id}': {
      get: {
        summary: 'one alert with explanation, observed vs baseline, evidence events and triage history',
        operationId: 'get_alert',
        'x-required-role': 'viewer',
        parameters: [p('id', 'alert id')],
        responses: { '200': json('alert detail'), '404': err, ...std },
      },
    },
    '/api/alerts/{id}/ack': triage('ack', 'acknowledge an alert'),
    '/api/alerts/{id}/resolve': triage('resolve', 'resolve an alert'),
    '/api/alerts/{id}/false-positive': triage('false-positive', 'mark an alert as a false positive'),
    '/api/tokens': {
      get: {
        summary: 'token inventory with usage aggregates and flags (long-lived, dormant, shared across many IPs)',
        operationId: 'list_tokens',
        'x-required-role': 'viewer',
        parameters: [q('limit', '1..500, default 50', { type: 'integer', minimum: 1, maximum: 500 }), q('cursor', 'nextCursor of the previous page')],
        responses: { '200': json('{ items, nextCursor }'), ...std },
      },
    },
    '/api/tokens/{fp}': {
      get: {
        summary: 'one token: usage per hour against a baseline band, countries, route mix, alerts',
        operationId: 'get_token',
        'x-required-role': 'viewer',
        parameters: [p('fp', 'token fingerprint (hex)'), q('from', 'epoch ms or ISO-8601; default to - 7 days'), q('to', 'epoch ms or ISO-8601; default now')],
        responses: { '200': json('token detail'), '404': err, ...std },
      },
    },
    '/api/revocations': {
      get: {
        summary: 'revocation audit trail (every step of every decision), newest first',
        operationId: 'list_revocations',
        'x-required-role': 'viewer',
        parameters: [q('token', 'token fingerprint (hex)'), q('limit', '1..1000, default 100', { type: 'integer', minimum: 1, maximum: 1000 })],
        responses: { '200': json('{ items: revocation audit rows }'), ...std },
      },
    },
  },
} as const;
