import { AccessEvent, ok, reject, type StepResult } from '@tokenwatch/contracts';
import type { GatewayAdapter, NormalizeOptions } from '../adapter';
import { fingerprintCredential, secretHint } from '../fingerprint';
import { isObject, numberAt, objectAt, stringAt, type JsonObject } from '../record-access';
import { recordHashId } from '../record-id';
import { routeTemplate, stripQuery } from '../route-template';
import { findKongCredential } from './kong-credential';

/**
 * Kong http-log / file-log / kafka-log records (3.x, and the string-typed sizes of older versions).
 * Minimal on purpose: the full adapter set (XFF, custom sources, route caps) lives in later work.
 */
export const kongAdapter: GatewayAdapter = {
  gateway: 'kong',
  normalizeRecord(record: unknown, rawText: string, options: NormalizeOptions): StepResult<AccessEvent> {
    if (!isObject(record)) return reject('record is not a JSON object');
    const startedAt = numberAt(record, 'started_at');
    if (startedAt === undefined) return reject('missing started_at');

    const credential = findKongCredential(record);
    if (!credential) return reject('no credential');

    const request = objectAt(record, 'request');
    const response = objectAt(record, 'response');
    const rawPath = stringAt(request, 'uri');
    const path = rawPath === undefined ? null : stripQuery(rawPath);

    const event = {
      id: kongRequestId(request, response) ?? recordHashId('kong', rawText),
      ts: Math.trunc(startedAt),
      gateway: 'kong',
      token: {
        fp: fingerprintCredential(options.fingerprintKey, credential.kind, credential.value),
        hint: credential.secret ? secretHint(credential.value) : credential.value.slice(0, 64),
        kind: credential.kind,
      },
      ip: stringAt(record, 'client_ip') ?? null,
      method: stringAt(request, 'method') ?? null,
      route: path === null ? null : routeTemplate(path),
      path,
      status: numberAt(response, 'status') ?? null,
      bytes: nonNegativeInt(numberAt(response, 'size')),
      latencyMs: nonNegative(numberAt(objectAt(record, 'latencies'), 'request')),
      userAgent: stringAt(request ? objectAt(request, 'headers') : undefined, 'user-agent') ?? null,
      consumer: consumerName(record),
      service: stringAt(objectAt(record, 'service'), 'name') ?? null,
      geo: null,
    };
    const parsed = AccessEvent.safeParse(event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reject(`invalid event: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`);
    }
    return ok(parsed.data);
  },
};

function kongRequestId(request?: JsonObject, response?: JsonObject): string | undefined {
  const id = stringAt(request, 'id') ?? stringAt(response ? objectAt(response, 'headers') : undefined, 'x-kong-request-id');
  return id ? `kong-${id}` : undefined;
}

function consumerName(record: JsonObject): string | null {
  const consumer = objectAt(record, 'consumer');
  return stringAt(consumer, 'username') ?? stringAt(consumer, 'custom_id') ?? stringAt(consumer, 'id') ?? null;
}

function nonNegative(value: number | undefined): number | null {
  return value === undefined || value < 0 ? null : value;
}

function nonNegativeInt(value: number | undefined): number | null {
  const n = nonNegative(value);
  return n === null ? null : Math.trunc(n);
}
