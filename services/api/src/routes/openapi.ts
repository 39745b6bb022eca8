import { TOKEN_FINGERPRINT_PATTERN } from '@tokenwatch/contracts';

/** OpenAPI 3 description of the SOC API (hand-written; the auth-matrix test checks it lists every route). */
const err = { $ref: '#/components/responses/Error' };
const std = { '400': err, '401': err, '403': err, '429': err, '503': err };
const q = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
/** The filters and page size the alert list and the triage queue share (one alert search). */
const alertFilters = [
  q('severity', 'comma-separated: low,medium,high,critical'),
  q('state', 'comma-separated: firing,resolved'),
  q('signal', 'a signal type, e.g. volume_spike'),
  q('token', 'token fingerprint (hex)'),
  q('from', 'detection time from (epoch ms or ISO-8601), inclusive'),
  q('to', 'detection time to (epoch ms or ISO-8601), exclusive'),
  q('limit', '1..500, default 50', { type: 'integer', minimum: 1, maximum: 500 }),
];
const p = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

const reason = { type: 'string', minLength: 3, maxLength: 2000 };
const duration = { type: 'string', pattern: '^[0-9]{1,6}[mhd]$', description: 'e.g. 30m, 12h, 7d; at most 90 days' };
const time = {
  oneOf: [
    { type: 'integer', description: 'epoch ms' },
    { type: 'string', format: 'date-time' },
  ],
};

const triage = (action: string, summary: string, extra: Record<string, object> = {}, description?: string) => ({
  post: {
    summary,
    ...(description ? { description } : {}),
    operationId: `alert_${action.replace('-', '_')}`,
    'x-required-role': 'responder',
    parameters: [p('id', 'alert id')],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason, ...extra } } } },
    },
    responses: { '201': json('the recorded triage action (who, when, why)'), '404': err, ...std },
  },
});

const suppress = {
  type: 'object',
  additionalProperties: false,
  required: ['for'],
  description: 'creates a silence from the alert, with the reason as its comment; the response carries it as `silence`',
  properties: {
    for: duration,
    scope: {
      type: 'string',
      enum: ['token-signal', 'token', 'consumer-signal'],
      default: 'token-signal',
      description:
        "token-signal: this token's alerts made only of these signal types; token: all of this token's alerts; consumer-signal: the token's consumer (422 when unknown), these signal types",
    },
  },
};

const silenceBody = {
  type: 'object',
  additionalProperties: false,
  required: ['matchers', 'comment'],
  description: 'give `endsAt` or `for`; the end lies in the future, at most 90 days after the start',
  properties: {
    matchers: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'every given matcher must hold; `signals` silences an alert whose signals all have one of these types',
      properties: {
        token: { type: 'string', pattern: TOKEN_FINGERPRINT_PATTERN.source },
        consumer: { type: 'string' },
        signals: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
    },
    comment: { type: 'string', minLength: 3, maxLength: 1000 },
    startsAt: { ...time, description: 'default now' },
    endsAt: time,
    for: duration,
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'tokenwatch SOC API',
    version: '1.0.0',
    description: 'Alerts, triage and token inventory. Every route except /healthz, /readyz and /metrics needs `Authorization: Bearer <key>`.',
  },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key from TOKENWATCH_API_KEYS (role:key)' } },
    responses: {
      Error: {
        description: 'error',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, problems: { type: 'array', items: { type: 'object' } } } },
          },
        },
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
        parameters: [...alertFilters, q('cursor', 'nextCursor of the previous page')],
        responses: { '200': json('{ items: Alert v1 + triage, nextCursor }'), ...std },
      },
    },
    '/api/queue': {
      get: {
        summary: 'the triage queue over every alert: firing before resolved, then critical … low, then newest; filtered and paged by the server',
        operationId: 'alert_queue',
        'x-required-role': 'viewer',
        parameters: [...alertFilters, q('cursor', 'nextCursor of the previous page (same filters)')],
        responses: { '200': json('{ items: Alert v1 + triage, total (matching alerts), nextCursor }'), ...std },
      },
    },
    '/api/overview': {
      get: {
        summary:
          'the overview: alerts per bucket and severity, top signals and tokens, stored events per bucket, firing count, pipeline rate, consumer lag and rejections',
        description:
          "Ranges end at the next whole bucket after now: 1h (5-minute buckets), 24h (hours), 7d (6 hours), 30d (days). `pipeline` comes from this process's Prometheus registry (`available: false` when no ingest runs in it); `eventsPerSecond` is the rate since the previous call.",
        operationId: 'overview',
        'x-required-role': 'viewer',
        parameters: [q('range', '1h, 24h (default), 7d or 30d', { type: 'string', enum: ['1h', '24h', '7d', '30d'] })],
        responses: { '200': json('{ range, firing, alertsOverTime, topSignals, topTokens, eventsOverTime, pipeline }'), ...std },
      },
    },
    '/api/alerts/{id}': {
      get: {
        summary:
          "one alert with explanation, observed vs baseline, evidence events, the token's usual places (30 days before) and this alert's path, triage history and the silences muting it (silencedBy)",
        operationId: 'get_alert',
        'x-required-role': 'viewer',
        parameters: [p('id', 'alert id')],
        responses: { '200': json('alert detail'), '404': err, ...std },
      },
    },
    '/api/alerts/{id}/ack': triage('ack', 'acknowledge an alert'),
    '/api/alerts/{id}/resolve': triage('resolve', 'resolve an alert'),
    '/api/alerts/{id}/false-positive': triage(
      'false-positive',
      'mark an alert as a false positive, optionally silencing its kind',
      { suppress },
      'With `suppress`, the false positive also creates a silence (see /api/silences) and answers it as `silence`.',
    ),
    '/api/tokens': {
      get: {
        summary: 'token inventory: usage aggregates, flags and a risk score 0..100 with its reasons, riskiest first',
        description:
          'Every token seen in access events (within retention) or with a detector baseline. `risk` adds the points of `riskReasons` (open alerts by highest severity up to 50, dormant then active 20, shared across ≥ 20 IPs 15, ≥ 3 countries 15, ≥ 5 user agents 10, sensitive routes 10, seen ≥ 90 days 10, silent ≥ 30 days 5), capped at 100.',
        operationId: 'list_tokens',
        'x-required-role': 'viewer',
        parameters: [
          q('sort', 'risk (default), last_seen or volume; largest first', { type: 'string', enum: ['risk', 'last_seen', 'volume'] }),
          q(
            'flag',
            'comma-separated flags a token must all carry: openAlerts, dormantThenActive, sharedIps, sharedUserAgents, manyCountries, sensitiveRoutes, longLived, dormant',
          ),
          q(
            'policy',
            'comma-separated lifecycle states, any of which a token must be in: past_max_age, rotation_overdue, dormant, rotation_due, ok (no condition)',
          ),
          q('format', 'json (default) or csv: every matching token, no paging, as an attachment tokens.csv', { type: 'string', enum: ['json', 'csv'] }),
          q('limit', '1..500, default 50', { type: 'integer', minimum: 1, maximum: 500 }),
          q('cursor', 'nextCursor of the previous page (same sort)'),
        ],
        responses: {
          '200': json(
            '{ items (+ risk, riskReasons [{ flag, points, detail }], flags, ageDays, lifecycle { policy, ageDays, idleDays, rotationDueAt, rotationOverdueAt, maxAgeAt, conditions, policyState, violations, sharedClients }), total, truncated, nextCursor }',
          ),
          ...std,
        },
      },
    },
    '/api/tokens/{fp}': {
      get: {
        summary: 'one token: usage per hour against a baseline band, lifecycle facts under the policy, networks, places, countries, route mix, alerts',
        operationId: 'get_token',
        'x-required-role': 'viewer',
        parameters: [p('fp', 'token fingerprint (hex)'), q('from', 'epoch ms or ISO-8601; default to - 7 days'), q('to', 'epoch ms or ISO-8601; default now')],
        responses: {
          '200': json(
            "{ fp, range, hourly, countries, routes, band [{ hour, events, expected, low, high }], bandSource ('detector': the detector's stored hour-of-week baseline; 'observed': the range's own hours, while learning), learning ({ state, events, lastSeen } or null), alerts }",
          ),
          '404': err,
          ...std,
        },
      },
    },
    '/api/silences': {
      get: {
        summary: 'silences (shared with the notifier): pending and active ones, or every one with all=true; newest first',
        operationId: 'list_silences',
        'x-required-role': 'viewer',
        parameters: [
          q('all', 'true: also the ended ones', { type: 'boolean' }),
          q('limit', '1..1000, default 500', { type: 'integer', minimum: 1, maximum: 1000 }),
        ],
        responses: { '200': json('{ items: silences with status pending|active|expired }'), ...std },
      },
      post: {
        summary: 'create a silence; the notifier applies it within seconds',
        operationId: 'create_silence',
        'x-required-role': 'responder',
        requestBody: { required: true, content: { 'application/json': { schema: silenceBody } } },
        responses: { '201': json('the silence (id, matchers, startsAt, endsAt, createdBy, comment, status)'), ...std },
      },
    },
    '/api/silences/{id}': {
      delete: {
        summary: 'expire a silence now (idempotent: an ended silence is returned unchanged)',
        operationId: 'expire_silence',
        'x-required-role': 'responder',
        parameters: [p('id', 'silence id')],
        responses: { '200': json('the expired silence'), '404': err, ...std },
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
