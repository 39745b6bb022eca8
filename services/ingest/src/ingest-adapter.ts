import { readFileSync } from 'node:fs';
import { ConfigError } from '@tokenwatch/config';
import { adapterFor, parseCustomMapping, RouteCap, type AdapterForOptions, type GatewayAdapter } from '@tokenwatch/formats';
import { createEnricher, createGeoLookup } from '@tokenwatch/geo';
import type { IngestConfig } from './ingest.config';
import type { NormalizeStepState } from './pipeline/normalize.step';

/** Adapter options shared by the raw topic and HTTP ingest: trusted proxies and anonymous handling. */
export function ingestAdapterOptions(config: IngestConfig): AdapterForOptions {
  const trustedProxies = config.TOKENWATCH_TRUSTED_PROXIES?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { ...(trustedProxies ? { trustedProxies } : {}), anonymous: config.TOKENWATCH_ANONYMOUS === 'true' };
}

/** The configured gateway adapter of the raw topic (format, trusted proxies, anonymous, custom mapping). */
export function createIngestAdapter(config: IngestConfig): GatewayAdapter {
  const format = config.TOKENWATCH_INGEST_FORMAT;
  let mapping: unknown;
  if (format === 'custom') {
    if (!config.TOKENWATCH_INGEST_MAPPING) throw new ConfigError('TOKENWATCH_INGEST_FORMAT=custom needs TOKENWATCH_INGEST_MAPPING (a JSON file with the field mapping)');
    try {
      mapping = JSON.parse(readFileSync(config.TOKENWATCH_INGEST_MAPPING, 'utf8'));
    } catch (error) {
      throw new ConfigError(`TOKENWATCH_INGEST_MAPPING: cannot read ${config.TOKENWATCH_INGEST_MAPPING}: ${(error as Error).message}`);
    }
  }
  try {
    return adapterFor(format, {
      ...ingestAdapterOptions(config),
      ...(mapping === undefined ? {} : { mapping: parseCustomMapping(mapping) }),
    });
  } catch (error) {
    throw new ConfigError(`invalid ingest configuration: ${(error as Error).message}`);
  }
}

/** Per-process normalize state: the route cap and geo enrichment (geoip-lite with an LRU cache). */
export function createNormalizeState(config: IngestConfig): NormalizeStepState {
  return { routeCap: new RouteCap({ maxRoutesPerToken: config.TOKENWATCH_ROUTE_CAP }), enrich: createEnricher(createGeoLookup()) };
}
