/**
 * The simulated API: one SaaS product behind the gateway. A template's `{id}` becomes a numeric id
 * or a UUID, `{object}` an object name; the gateway adapter turns them back into `{id}` route
 * templates (object names stay literal, as a real route table would show them).
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  template: string;
  /** Query string appended to the path, without '?'; `{n}` becomes a page number. */
  query?: string;
  okStatus: number;
  /** Response body bytes: median and log-space spread. */
  bytes: [median: number, sigma: number];
  /** Latency in ms: median and log-space spread. */
  latency: [median: number, sigma: number];
  /** Share of requests that find nothing (404) even for a legitimate client. */
  notFound?: number;
  /** Ids are UUIDs instead of numbers. */
  uuidIds?: boolean;
}

const ep = (
  method: Endpoint['method'],
  template: string,
  okStatus: number,
  bytes: [number, number],
  latency: [number, number],
  extra: Partial<Endpoint> = {},
): Endpoint => ({
  method,
  template,
  okStatus,
  bytes,
  latency,
  ...extra,
});

export const ENDPOINTS = {
  me: ep('GET', '/v1/me', 200, [640, 0.2], [18, 0.4]),
  health: ep('GET', '/v1/health', 200, [60, 0.05], [4, 0.3]),
  accountsList: ep('GET', '/v1/accounts', 200, [14_000, 0.5], [85, 0.5], { query: 'page={n}&limit=50' }),
  accountGet: ep('GET', '/v1/accounts/{id}', 200, [1_900, 0.4], [32, 0.5], { notFound: 0.01 }),
  accountPatch: ep('PATCH', '/v1/accounts/{id}', 200, [1_900, 0.3], [70, 0.5]),
  contactsList: ep('GET', '/v1/contacts', 200, [22_000, 0.5], [95, 0.5], { query: 'page={n}&limit=100' }),
  contactGet: ep('GET', '/v1/contacts/{id}', 200, [1_200, 0.4], [28, 0.5], { notFound: 0.01 }),
  contactCreate: ep('POST', '/v1/contacts', 201, [1_150, 0.2], [110, 0.4]),
  ordersList: ep('GET', '/v1/orders', 200, [18_000, 0.6], [120, 0.5], { query: 'status=open&page={n}' }),
  orderGet: ep('GET', '/v1/orders/{id}', 200, [2_600, 0.4], [40, 0.5], { notFound: 0.008 }),
  orderCreate: ep('POST', '/v1/orders', 201, [2_400, 0.3], [160, 0.5]),
  invoiceGet: ep('GET', '/v1/invoices/{id}', 200, [3_100, 0.4], [45, 0.5], { notFound: 0.01 }),
  productsList: ep('GET', '/v1/products', 200, [9_500, 0.4], [60, 0.4], { query: 'page={n}' }),
  search: ep('GET', '/v1/search', 200, [6_800, 0.7], [140, 0.6], { query: 'q=term{n}' }),
  eventsPost: ep('POST', '/v1/events', 202, [40, 0.1], [12, 0.4]),
  notifications: ep('GET', '/v1/notifications', 200, [2_200, 0.8], [30, 0.5]),
  feed: ep('GET', '/v1/feed', 200, [12_000, 0.6], [90, 0.5]),
  authRefresh: ep('POST', '/v1/auth/refresh', 200, [780, 0.1], [55, 0.3]),
  uploads: ep('POST', '/v1/uploads', 201, [300, 0.2], [420, 0.7]),
  webhooksPost: ep('POST', '/v1/webhooks/deliveries', 200, [210, 0.2], [35, 0.4]),
  deploymentsCreate: ep('POST', '/v1/deployments', 201, [1_500, 0.3], [260, 0.5]),
  deploymentGet: ep('GET', '/v1/deployments/{id}', 200, [1_700, 0.3], [35, 0.4], { uuidIds: true }),
  releasesList: ep('GET', '/v1/releases', 200, [5_400, 0.4], [70, 0.4]),
  configGet: ep('GET', '/v1/config', 200, [3_300, 0.2], [25, 0.3]),
  ordersSync: ep('GET', '/v1/orders', 200, [240_000, 0.5], [650, 0.5], { query: 'updated_since=yesterday&limit=1000&page={n}' }),
  exportsCreate: ep('POST', '/v1/exports', 202, [420, 0.1], [180, 0.3]),
  exportGet: ep('GET', '/v1/exports/{id}', 200, [520, 0.1], [25, 0.3], { uuidIds: true }),
  exportDownload: ep('GET', '/v1/exports/{id}/download', 200, [4_500_000, 0.8], [2_400, 0.6], { uuidIds: true }),
  eventsBulk: ep('POST', '/v1/events/bulk', 202, [90, 0.1], [240, 0.5]),
  // admin and sensitive routes
  adminUsers: ep('GET', '/v1/admin/users', 200, [48_000, 0.4], [150, 0.4]),
  adminKeys: ep('POST', '/v1/admin/api-keys', 201, [520, 0.1], [90, 0.3]),
  adminAudit: ep('GET', '/v1/admin/audit-log', 200, [96_000, 0.5], [260, 0.4]),
  adminSettings: ep('PUT', '/v1/admin/settings', 200, [900, 0.2], [70, 0.3]),
  adminRoles: ep('GET', '/v1/admin/roles', 200, [7_000, 0.3], [60, 0.3]),
  // routes that ordinary clients of the product rarely use
  paymentMethods: ep('GET', '/v1/customers/{id}/payment-methods', 200, [2_800, 0.4], [55, 0.4]),
  userSessions: ep('GET', '/v1/users/{id}/sessions', 200, [4_100, 0.5], [48, 0.4]),
  apiKeysList: ep('GET', '/v1/api-keys', 200, [3_600, 0.3], [40, 0.3]),
  usersList: ep('GET', '/v1/users', 200, [31_000, 0.5], [110, 0.4], { query: 'page={n}&limit=200' }),
  // a data API of the kind abused in OAuth-token breaches (object listing, SOQL-style queries, bulk jobs)
  objectsList: ep('GET', '/v1/sobjects', 200, [38_000, 0.2], [120, 0.3]),
  objectDescribe: ep('GET', '/v1/sobjects/{object}/describe', 200, [56_000, 0.6], [140, 0.4]),
  countQuery: ep('GET', '/v1/query', 200, [180, 0.1], [210, 0.5], { query: 'q=SELECT+COUNT()+FROM+{object}' }),
  limits: ep('GET', '/v1/limits', 200, [4_800, 0.1], [30, 0.3]),
  bulkJobCreate: ep('POST', '/v1/jobs/query', 200, [610, 0.1], [190, 0.3]),
  bulkJobStatus: ep('GET', '/v1/jobs/query/{id}', 200, [640, 0.1], [35, 0.3], { uuidIds: true }),
  bulkJobResults: ep('GET', '/v1/jobs/query/{id}/results', 200, [38_000_000, 0.5], [9_000, 0.4], { uuidIds: true }),
  bulkJobDelete: ep('DELETE', '/v1/jobs/query/{id}', 204, [0, 0], [60, 0.3], { uuidIds: true }),
  // a feature that ships during the simulation
  recommendations: ep('GET', '/v2/recommendations', 200, [5_200, 0.4], [75, 0.4]),
  recommendationFeedback: ep('POST', '/v2/recommendations/{id}/feedback', 204, [0, 0], [40, 0.3]),
} satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Objects of the data API, as named in describe and COUNT calls. */
export const DATA_OBJECTS = [
  'Account',
  'Contact',
  'Opportunity',
  'Lead',
  'Case',
  'User',
  'Campaign',
  'Contract',
  'Order',
  'Quote',
  'Task',
  'Event',
  'Attachment',
  'ContentVersion',
  'Invoice__c',
] as const;

export interface WeightedEndpoint {
  endpoint: Endpoint;
  weight: number;
}

/** Endpoints with their relative weights, in the order written. */
export const mix = (weights: Partial<Record<EndpointName, number>>): WeightedEndpoint[] =>
  Object.entries(weights).map(([name, weight]) => ({ endpoint: ENDPOINTS[name as EndpointName], weight }));
