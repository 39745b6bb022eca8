export * from './adapter';
export * from './fingerprint';
export * from './registry';
export { normalizeMessage, normalizeJsonMessage, MAX_MESSAGE_CHARS } from './message/message.normalizer';
export { splitLines, type Line } from './message/line.splitter';
export { MAX_RECORD_CHARS, createAdapter, type AdapterSpec } from './event/adapter.factory';
export { MIN_TIMESTAMP, MAX_FUTURE_MS, type ExtractedRecord } from './event/event.builder';
export { RejectLabel, reasonLabel } from './event/reject-reasons';
export { hasSurelyValidEventFields, isSurelyValidNetwork } from './event/access-event.check';
export { CredentialResolver, anonymousToken, type ResolvedCredential } from './credential/credential.resolver';
export {
  apiKeySources,
  authorizationSources,
  describeSource,
  field,
  header,
  query,
  type CredentialSource,
  type RecordView,
} from './credential/credential.source';
export { jwtSubject, decodeBasic } from './credential/authorization.parser';
export { parseAddress } from './net/ip.parser';
export { resolveClientIp, type ClientIpResult } from './net/xff.resolver';
export { routeTemplate, stripQuery, isIdSegment } from './route/route-template';
export { RouteCap, OTHER_ROUTE, type RouteCapOptions } from './route/route.cap';
export { readTimestamp, parseClfTime, parseIsoTime, type TimeUnit } from './time/timestamp.parser';
export { detectFormat, type DetectableFormat } from './auto/format.detector';
export { CustomMapping, CustomMappingError, parseCustomMapping, type CustomMappingInput } from './custom/custom-mapping.schema';
export { createCustomAdapter } from './custom/custom.adapter';
export { kongAdapter, createKongAdapter, KONG_SOURCES } from './kong/kong.adapter';
export { createEnvoyAdapter, ENVOY_SOURCES } from './envoy/envoy.adapter';
export { createAwsApigwAdapter, AWS_APIGW_SOURCES } from './aws/aws-apigw.adapter';
export { createNginxAdapter, NGINX_SOURCES } from './nginx/nginx.adapter';
export { createTraefikAdapter, TRAEFIK_SOURCES } from './traefik/traefik.adapter';
export { createApisixAdapter, APISIX_SOURCES } from './apisix/apisix.adapter';
export { createCaddyAdapter, CADDY_SOURCES } from './caddy/caddy.adapter';
export { createHaproxyAdapter, HAPROXY_SOURCES } from './haproxy/haproxy.adapter';
export { createAutoAdapter } from './auto/auto.adapter';
/** Kept for packages/pipeline's bench until it imports common itself. */
export { seededRandom } from '@tokenwatch/common';
