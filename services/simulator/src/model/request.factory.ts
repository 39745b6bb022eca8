import type { Prng } from '../random/prng';
import { DATA_OBJECTS, type Endpoint } from '../world/endpoints';
import type { SimEvent, TokenIdentity } from './sim-event';

export interface RequestInput {
  ts: number;
  token: TokenIdentity;
  ip: string;
  userAgent: string;
  service: string;
  endpoint: Endpoint;
  /** Ids this client knows; a path id is drawn from them (skewed to the first ones). */
  ids?: readonly number[];
  /** A fixed id for the path (enumeration, job ids). */
  id?: string | number;
  /** A fixed object name for `{object}`. */
  object?: string;
  /** A status to force (probing, enumeration misses). */
  status?: number;
  /** Multiplies the response size (larger pages, exports). */
  bytesScale?: number;
}

/** Renders one request: path with ids, status with rare errors, sizes and latency from the endpoint's profile. */
export function makeRequest(rng: Prng, input: RequestInput): SimEvent {
  const { endpoint } = input;
  let path = endpoint.template;
  if (path.includes('{id}')) path = path.replace('{id}', String(input.id ?? pathId(rng, endpoint, input.ids)));
  const object = input.object ?? rng.pick(DATA_OBJECTS);
  if (path.includes('{object}')) path = path.replace('{object}', object);
  const query = endpoint.query?.replace('{n}', String(1 + Math.floor(rng.exponential(3)))).replace('{object}', object);
  const status = input.status ?? organicStatus(rng, endpoint);
  const success = status < 400;
  const [bytesMedian, bytesSigma] = endpoint.bytes;
  const body = success ? rng.logNormal(bytesMedian, bytesSigma) * (input.bytesScale ?? 1) : 60 + rng.int(120);
  const [latencyMedian, latencySigma] = endpoint.latency;
  const latency = success ? rng.logNormal(latencyMedian, latencySigma) : rng.logNormal(8, 0.4);
  return {
    ts: Math.round(input.ts),
    token: input.token,
    ip: input.ip,
    method: endpoint.method,
    uri: query ? `${path}?${query}` : path,
    status,
    bytes: Math.round(body) + 280,
    requestBytes: endpoint.method === 'GET' || endpoint.method === 'DELETE' ? 180 + rng.int(220) : 400 + rng.int(2_000),
    latencyMs: Math.max(1, Math.round(latency)),
    userAgent: input.userAgent,
    requestId: rng.hex(32),
    service: input.service,
  };
}

function pathId(rng: Prng, endpoint: Endpoint, ids: readonly number[] | undefined): string | number {
  if (endpoint.uuidIds) return uuid(rng);
  if (!ids || ids.length === 0) return 100_000 + rng.int(900_000);
  // Zipf-like: a few records are touched most of the time.
  const index = Math.min(ids.length - 1, Math.floor(rng.exponential(ids.length / 5)));
  return ids[index]!;
}

function organicStatus(rng: Prng, endpoint: Endpoint): number {
  const r = rng.next();
  if (endpoint.notFound && r < endpoint.notFound) return 404;
  const e = r - (endpoint.notFound ?? 0);
  if (e < 0.001) return 500;
  if (e < 0.0016) return 429;
  if (e < 0.0018) return 401;
  if (endpoint.method !== 'GET' && e < 0.01) return 422;
  return endpoint.okStatus;
}

export function uuid(rng: Prng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
