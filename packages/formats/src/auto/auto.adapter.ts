import { reject } from '@tokenwatch/contracts';
import type { AdapterOptions, GatewayAdapter, NormalizeOptions } from '../adapter';
import { apisixSpec } from '../apisix/apisix.adapter';
import { unwrapCloudWatch } from '../aws/cloudwatch.envelope';
import { awsApigwSpec } from '../aws/aws-apigw.adapter';
import { caddySpec } from '../caddy/caddy.adapter';
import { parseEnvoyTextLine } from '../envoy/envoy-text.parser';
import { envoySpec } from '../envoy/envoy.adapter';
import { createAdapter } from '../event/adapter.factory';
import { haproxySpec } from '../haproxy/haproxy.adapter';
import { decodeSyslogFramed } from '../haproxy/syslog-frame';
import { RejectLabel } from '../event/reject-reasons';
import { kongSpec } from '../kong/kong.adapter';
import { parseCombinedLine } from '../nginx/combined-line.parser';
import { nginxSpec } from '../nginx/nginx.adapter';
import { isObject } from '../record-access';
import { traefikSpec } from '../traefik/traefik.adapter';
import { detectFormat, type DetectableFormat } from './format.detector';

/**
 * Detects the gateway per record (see detectFormat), so one stream may mix formats. Text lines are
 * tried as nginx combined, Envoy's default text format, then a syslog-framed JSON line (HAProxy);
 * CloudWatch envelopes are unwrapped.
 * Each event's `gateway` is the detected one; a record no rule matches is rejected `unknown format`.
 */
export function createAutoAdapter(options: AdapterOptions = {}): GatewayAdapter {
  const adapters: Record<DetectableFormat, GatewayAdapter> = {
    kong: createAdapter(kongSpec, options),
    apisix: createAdapter(apisixSpec, options),
    envoy: createAdapter(envoySpec, options),
    'aws-apigw': createAdapter(awsApigwSpec, options),
    traefik: createAdapter(traefikSpec, options),
    nginx: createAdapter(nginxSpec, options),
    caddy: createAdapter(caddySpec, options),
    haproxy: createAdapter(haproxySpec, options),
  };
  return {
    gateway: 'auto',
    decodeText: (text) => parseCombinedLine(text) ?? parseEnvoyTextLine(text) ?? decodeSyslogFramed(text),
    unwrap: unwrapCloudWatch,
    normalizeRecord(record: unknown, rawText: string, normalizeOptions: NormalizeOptions) {
      if (!isObject(record)) return reject(RejectLabel.notAnObject);
      const format = detectFormat(record);
      if (!format) return reject(RejectLabel.unknownFormat);
      return adapters[format].normalizeRecord(record, rawText, normalizeOptions);
    },
  };
}
