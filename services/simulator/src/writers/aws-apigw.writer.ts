import type { SimEvent } from '../model/sim-event';
import { API_HOST, clfTime, pathOf, templateOf, type GatewayWriter } from './writer';

/**
 * AWS API Gateway (REST) JSON access log with the additions gateway-fields.md recommends:
 * `apiKeyId` ($context.identity.apiKeyId, what the adapter fingerprints), `requestTimeEpoch`,
 * `userAgent`, `path`, `extendedRequestId`, `responseLatency`. Every value is a string, as the
 * stage's format template quotes them.
 */
export const awsApigwWriter: GatewayWriter = {
  format: 'aws-apigw',
  tokenKind: 'credential_id',
  tokenOf: (identity) => identity.credentialId,
  write(e: SimEvent): string {
    const path = pathOf(e.uri);
    return JSON.stringify({
      requestId: `${e.requestId.slice(0, 8)}-${e.requestId.slice(8, 12)}-${e.requestId.slice(12, 16)}-${e.requestId.slice(16, 20)}-${e.requestId.slice(20, 32)}`,
      extendedRequestId: `${e.requestId.slice(0, 14)}=`,
      ip: e.ip,
      caller: '-',
      user: '-',
      requestTime: clfTime(e.ts),
      requestTimeEpoch: String(e.ts),
      httpMethod: e.method,
      resourcePath: templateOf(path),
      path,
      status: String(e.status),
      protocol: 'HTTP/1.1',
      responseLength: String(e.bytes),
      responseLatency: String(e.latencyMs),
      userAgent: e.userAgent,
      apiKeyId: e.token.credentialId,
      stage: 'prod',
      domainName: API_HOST,
    });
  },
};
