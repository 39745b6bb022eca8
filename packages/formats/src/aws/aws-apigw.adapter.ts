import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { field, type CredentialSource, type RecordView } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, stringAt, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';
import { unwrapCloudWatch } from './cloudwatch.envelope';

/**
 * API Gateway logs only what the stage's access-log format names, all as strings (`-` for empty).
 * Recommended additions (gateway-fields.md): `apiKeyId`, `principalId`, `sub` (authorizer claim),
 * `requestTimeEpoch`, `userAgent`, `responseLatency`, `path`, `extendedRequestId`.
 * `apiKey` ($context.identity.apiKey) is the raw key: read only if nothing better is there,
 * fingerprinted, never emitted. IAM callers (`user`, `caller`) count as consumers.
 */
export const AWS_APIGW_SOURCES: readonly CredentialSource[] = [
  field('apiKeyId', 'credential_id'),
  field('apiKey', 'api_key'),
  field('sub', 'jwt_sub'),
  field('claimsSub', 'jwt_sub'),
  field('principalId', 'consumer'),
  field('cognitoIdentityId', 'consumer'),
  field('user', 'consumer'),
  field('caller', 'consumer'),
];

/** Routes that match anything (`$default`, greedy `{proxy+}`): the actual path, if logged, says more. */
const CATCH_ALL = /^\$default$|\{[^}]*\+\}$/;

/** API Gateway REST and HTTP API access-log JSON, alone or inside CloudWatch Logs subscription envelopes. */
export const awsApigwSpec: AdapterSpec = {
  gateway: 'aws-apigw',
  defaultSources: AWS_APIGW_SOURCES,
  unwrap: unwrapCloudWatch,
  extract(record: JsonObject): ExtractedRecord {
    const routeKey = stringAt(record, 'routeKey');
    const path = stringAt(record, 'path');
    const epoch = record['requestTimeEpoch'];
    const hasEpoch = epoch !== undefined && epoch !== null && epoch !== '' && epoch !== '-';
    return {
      ts: hasEpoch ? readTimestamp(epoch, 'ms') : readTimestamp(record['requestTime'], 'clf'),
      tsField: hasEpoch ? 'requestTimeEpoch' : 'requestTime',
      // REST `requestId` can be set by the client; `extendedRequestId` and HTTP API ids are the gateway's.
      requestId: stringAt(record, 'extendedRequestId') ?? (routeKey !== undefined ? stringAt(record, 'requestId') : undefined),
      peer: stringAt(record, 'ip') ?? stringAt(record, 'sourceIp'),
      method: stringAt(record, 'httpMethod'),
      path,
      route: gatewayRoute(stringAt(record, 'resourcePath'), routeKey, path !== undefined),
      status: numberAt(record, 'status'),
      bytes: numberAt(record, 'responseLength'),
      latencyMs: numberAt(record, 'responseLatency') ?? numberAt(record, 'integrationLatency'),
      userAgent: stringAt(record, 'userAgent') ?? stringAt(record, 'user-agent'),
      consumer: stringAt(record, 'principalId') ?? stringAt(record, 'user'),
      service: stringAt(record, 'apiId'),
      view: new AwsView(record),
    };
  },
};

/** REST `resourcePath` (`/pets/{petId}`) or the path of an HTTP API `routeKey` (`GET /pets/{id}`). */
function gatewayRoute(resourcePath: string | undefined, routeKey: string | undefined, hasPath: boolean): string | undefined {
  const route = resourcePath ?? routeKey?.replace(/^[A-Z]+ /, '');
  return route !== undefined && hasPath && CATCH_ALL.test(route) ? undefined : route;
}

/** API Gateway logs no request headers or query parameters: identity comes from fields only. */
class AwsView implements RecordView {
  constructor(readonly record: JsonObject) {}

  header(): undefined {
    return undefined;
  }

  query(): undefined {
    return undefined;
  }
}

export const createAwsApigwAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(awsApigwSpec, options);
