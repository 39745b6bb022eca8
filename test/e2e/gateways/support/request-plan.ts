import { randomBytes } from 'node:crypto';
import type { TokenKind } from '@tokenwatch/contracts';

/** Where a request carries its credential; `authorization` is what Caddy redacts by default. */
export type CarriedIn = 'header' | 'query' | 'authorization';

export interface PlannedRequest {
  /** Unique per request, sent as the User-Agent (the event keeps it): pairs each event with its request. */
  agent: string;
  method: 'GET' | 'POST';
  /** Path and query string. */
  target: string;
  headers: Record<string, string>;
  /** The identity the event must carry; absent for a keyless request. */
  credential?: { kind: TokenKind; material: string; carriedIn: CarriedIn };
  /** The client when the gateway's peer (127.0.0.1, the test acting as a proxy) is trusted. */
  clientIp: string;
  route: string;
  status: number;
}

export interface RequestPlan {
  requests: PlannedRequest[];
  /** Every raw secret sent (keys, tokens, the Basic value and password): none may reach an event. */
  secrets: string[];
  /** Sent but of no use to tokenwatch (a browser session cookie): no recipe writes it to the log. */
  notLogged: string[];
}

const b64u = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Real API traffic through a trusted proxy: keys in an X-Api-Key and an apikey header, in a query
 * string, opaque and JWT Bearer tokens (two distinct opaque ones), HTTP Basic, and keyless requests.
 * X-Forwarded-For chains include a client-forged leftmost entry and an internal proxy hop.
 */
export function requestPlan(gateway: string): RequestPlan {
  const run = randomBytes(6).toString('hex');
  const xApiKey = `sk_live_${run}XAPIKEY01`;
  const apikey = `sk_live_${run}APIKEYHDR`;
  const queryKey = `qk_${run}QUERYKEY03`;
  const bearerA = `opaque_${run}BEARER_A04`;
  const bearerB = `opaque_${run}BEARER_B05`;
  const jwtSignature = Buffer.from(`${run}-jwt-signature`).toString('base64url');
  const jwt = `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u({ sub: `svc-reporting-${run}`, iss: 'https://idp.example.test' })}.${jwtSignature}`;
  const password = `pw-${run}-basic`;
  const basic = Buffer.from(`alice:${password}`).toString('base64');
  const session = `sess_${run}COOKIE`;
  const agent = (n: number) => `${gateway}-e2e/${run}/${n}`;
  const requests: PlannedRequest[] = [
    {
      agent: agent(1),
      method: 'GET',
      target: '/v1/users/42/orders',
      headers: { 'X-Api-Key': xApiKey, 'X-Forwarded-For': '81.2.69.142', Cookie: `session=${session}` },
      credential: { kind: 'api_key', material: xApiKey, carriedIn: 'header' },
      clientIp: '81.2.69.142',
      route: '/v1/users/{id}/orders',
      status: 200,
    },
    {
      agent: agent(2),
      method: 'POST',
      target: '/v1/orders',
      headers: { Authorization: `Bearer ${bearerA}`, 'X-Forwarded-For': '203.0.113.77, 81.2.69.160, 10.0.0.7' },
      credential: { kind: 'bearer', material: bearerA, carriedIn: 'authorization' },
      clientIp: '81.2.69.160',
      route: '/v1/orders',
      status: 201,
    },
    {
      agent: agent(3),
      method: 'POST',
      target: '/v1/orders',
      headers: { Authorization: `Bearer ${bearerB}`, 'X-Forwarded-For': '81.2.69.161' },
      credential: { kind: 'bearer', material: bearerB, carriedIn: 'authorization' },
      clientIp: '81.2.69.161',
      route: '/v1/orders',
      status: 201,
    },
    {
      agent: agent(4),
      method: 'GET',
      target: `/v1/items?api_key=${queryKey}&page=2`,
      headers: { 'X-Forwarded-For': '2a02:8800::1' },
      credential: { kind: 'api_key', material: queryKey, carriedIn: 'query' },
      clientIp: '2a02:8800::1',
      route: '/v1/items',
      status: 200,
    },
    {
      agent: agent(5),
      method: 'GET',
      target: '/v1/me',
      headers: { Authorization: `Bearer ${jwt}`, 'X-Forwarded-For': '81.2.69.142' },
      credential: { kind: 'jwt_sub', material: `svc-reporting-${run}`, carriedIn: 'authorization' },
      clientIp: '81.2.69.142',
      route: '/v1/me',
      status: 200,
    },
    {
      agent: agent(6),
      method: 'GET',
      target: '/v1/invoices/7f3a9c2e-1b4d-4e8f-9a6b-0c1d2e3f4a5b',
      headers: { apikey },
      credential: { kind: 'api_key', material: apikey, carriedIn: 'header' },
      clientIp: '127.0.0.1',
      route: '/v1/invoices/{id}',
      status: 200,
    },
    {
      agent: agent(7),
      method: 'GET',
      target: '/v1/reports',
      headers: { Authorization: `Basic ${basic}`, 'X-Forwarded-For': '81.2.69.142' },
      credential: { kind: 'basic', material: `alice:${password}`, carriedIn: 'authorization' },
      clientIp: '81.2.69.142',
      route: '/v1/reports',
      status: 200,
    },
    {
      agent: agent(8),
      method: 'GET',
      target: '/health',
      headers: { 'X-Forwarded-For': '81.2.69.142' },
      clientIp: '81.2.69.142',
      route: '/health',
      status: 200,
    },
    {
      agent: agent(9),
      method: 'GET',
      target: '/v1/users/42/orders',
      headers: { 'X-Forwarded-For': '81.2.69.142' },
      clientIp: '81.2.69.142',
      route: '/v1/users/{id}/orders',
      status: 401,
    },
  ];
  return { requests, secrets: [xApiKey, apikey, queryKey, bearerA, bearerB, jwt, jwtSignature, basic, password, session], notLogged: [session] };
}

/** Sends the plan one request at a time with Node's HTTP client (fetch), reading every body to its end. */
export async function sendPlan(baseUrl: string, plan: RequestPlan): Promise<number[]> {
  const statuses: number[] = [];
  for (const request of plan.requests) {
    const response = await fetch(baseUrl + request.target, {
      method: request.method,
      headers: { ...request.headers, 'User-Agent': request.agent },
      ...(request.method === 'POST' ? { body: '{"items":[1]}' } : {}),
    });
    await response.text();
    statuses.push(response.status);
  }
  return statuses;
}
