import type { AdapterOptions, GatewayAdapter } from './adapter';
import { createApisixAdapter } from './apisix/apisix.adapter';
import { createAutoAdapter } from './auto/auto.adapter';
import { createAwsApigwAdapter } from './aws/aws-apigw.adapter';
import { createCaddyAdapter } from './caddy/caddy.adapter';
import { createCustomAdapter } from './custom/custom.adapter';
import type { CustomMappingInput } from './custom/custom-mapping.schema';
import { createEnvoyAdapter } from './envoy/envoy.adapter';
import { createHaproxyAdapter } from './haproxy/haproxy.adapter';
import { createKongAdapter } from './kong/kong.adapter';
import { createNginxAdapter } from './nginx/nginx.adapter';
import { createTraefikAdapter } from './traefik/traefik.adapter';

/** Every input format; `custom` needs a mapping (AdapterForOptions.mapping). */
export const FORMAT_NAMES = ['kong', 'envoy', 'aws-apigw', 'nginx', 'traefik', 'apisix', 'caddy', 'haproxy', 'auto', 'custom'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface AdapterForOptions extends AdapterOptions {
  /** The field mapping of the `custom` format (see CustomMapping). */
  mapping?: CustomMappingInput;
}

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The formats configured by AdapterOptions alone (every one but `custom`). */
const CREATE_ADAPTER: Record<Exclude<FormatName, 'custom'>, (options: AdapterOptions) => GatewayAdapter> = {
  kong: createKongAdapter,
  envoy: createEnvoyAdapter,
  'aws-apigw': createAwsApigwAdapter,
  nginx: createNginxAdapter,
  traefik: createTraefikAdapter,
  apisix: createApisixAdapter,
  caddy: createCaddyAdapter,
  haproxy: createHaproxyAdapter,
  auto: createAutoAdapter,
};

/**
 * The adapter of a format, configured once (credential sources, trusted proxies, anonymous
 * handling). Throws on invalid configuration (an unknown format, a bad CIDR, a bad mapping).
 */
export function adapterFor(name: FormatName, options: AdapterForOptions = {}): GatewayAdapter {
  const { mapping, ...adapterOptions } = options;
  if (name === 'custom') {
    if (mapping === undefined) throw new Error('format "custom" needs a field mapping (options.mapping)');
    return createCustomAdapter(mapping, adapterOptions);
  }
  if (!Object.hasOwn(CREATE_ADAPTER, name)) throw new Error(`unknown format "${String(name)}"; expected one of ${FORMAT_NAMES.join(', ')}`);
  return CREATE_ADAPTER[name](adapterOptions);
}
