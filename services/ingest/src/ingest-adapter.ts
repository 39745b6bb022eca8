import { readFileSync } from 'node:fs';
import { ConfigError } from '@tokenwatch/config';
import type { TopicSet } from '@tokenwatch/contracts';
import { adapterFor, parseCustomMapping, type AdapterForOptions, type FormatName, type GatewayAdapter } from '@tokenwatch/formats';
import { createEnrichState, type EnrichState } from '@tokenwatch/pipeline';
import type { IngestConfig } from './ingest.config';
import type { IngestInput } from './ingest-topics';

/** Adapter options shared by the raw topic and HTTP ingest: trusted proxies and anonymous handling. */
export function ingestAdapterOptions(config: IngestConfig): AdapterForOptions {
  const trustedProxies = config.TOKENWATCH_TRUSTED_PROXIES?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { ...(trustedProxies ? { trustedProxies } : {}), anonymous: config.TOKENWATCH_ANONYMOUS === 'true' };
}

/** The gateway adapter of a format (default TOKENWATCH_INGEST_FORMAT) with the configured trusted proxies, anonymous handling and custom mapping. */
export function createIngestAdapter(config: IngestConfig, format: FormatName = config.TOKENWATCH_INGEST_FORMAT): GatewayAdapter {
  let mapping: unknown;
  if (format === 'custom') {
    if (!config.TOKENWATCH_INGEST_MAPPING) throw new ConfigError('format custom needs TOKENWATCH_INGEST_MAPPING (a JSON file with the field mapping)');
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

/**
 * The raw topics normalize reads, each with its adapter: TOKENWATCH_INGEST_TOPICS (names verbatim,
 * a topic without a format uses TOKENWATCH_INGEST_FORMAT), else the prefixed default raw topic.
 * One adapter per format, shared by the topics of that format.
 */
export function createIngestInputs(config: IngestConfig, topics: TopicSet): IngestInput[] {
  const specs = config.TOKENWATCH_INGEST_TOPICS ?? [{ topic: topics.rawAccess }];
  const own = new Set([topics.rawAccessDlq, topics.events, topics.eventsDlq, topics.alerts]);
  const adapters = new Map<FormatName, GatewayAdapter>();
  return specs.map(({ topic, format = config.TOKENWATCH_INGEST_FORMAT }) => {
    if (own.has(topic)) throw new ConfigError(`TOKENWATCH_INGEST_TOPICS: "${topic}" is one of tokenwatch's own topics, not a raw input`);
    const adapter = adapters.get(format) ?? adapters.set(format, createIngestAdapter(config, format)).get(format)!;
    return { topic, format, adapter };
  });
}

/** Per-process enrich state: the route cap of TOKENWATCH_ROUTE_CAP and geo + network enrichment through their caches. */
export function createNormalizeState(config: IngestConfig): EnrichState {
  return createEnrichState({ maxRoutesPerToken: config.TOKENWATCH_ROUTE_CAP });
}
