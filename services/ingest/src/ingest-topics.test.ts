import { describe, expect, it } from 'vitest';
import { topicNames } from '@tokenwatch/contracts';
import { ConfigError } from '@tokenwatch/config';
import { FORMAT_NAMES } from '@tokenwatch/formats';
import { fileURLToPath } from 'node:url';
import { createIngestInputs } from './ingest-adapter';
import { loadIngestConfig } from './ingest.config';
import { parseIngestTopics } from './ingest-topics';

const MAPPING = fileURLToPath(new URL('../../../test/fixtures/crafted/custom-mapping.json', import.meta.url));

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('parseIngestTopics', () => {
  it('reads topic=format pairs and bare topics, trimming blanks', () => {
    expect(parseIngestTopics(' gateway.kong.v1=kong, gateway.envoy.v1 = envoy ,logs.aws=aws-apigw,raw_misc,')).toEqual([
      { topic: 'gateway.kong.v1', format: 'kong' },
      { topic: 'gateway.envoy.v1', format: 'envoy' },
      { topic: 'logs.aws', format: 'aws-apigw' },
      { topic: 'raw_misc' },
    ]);
  });

  it.each([
    ['a=nope', /unknown format "nope" for topic "a"; expected one of kong, envoy/],
    ['a=kong,b=envoy,a=nginx', /topic "a" is listed twice/],
    ['bad topic=kong', /"bad topic" is not a valid Kafka topic name/],
    ['=kong', /"" is not a valid Kafka topic name/],
    ['..', /not a valid Kafka topic name/],
    [`${'t'.repeat(250)}=kong`, /not a valid Kafka topic name/],
    ['a=kong=envoy', /"a=kong=envoy": expected topic or topic=format/],
    [' , ', /no topic listed/],
  ])('refuses %j', (text, message) => {
    expect(() => parseIngestTopics(text)).toThrow(message);
  });
});

describe('TOKENWATCH_INGEST_TOPICS in the ingest config', () => {
  const topics = topicNames('staging');

  it('unset: the prefixed raw topic with TOKENWATCH_INGEST_FORMAT', () => {
    const inputs = createIngestInputs(loadIngestConfig({ TOKENWATCH_INGEST_FORMAT: 'nginx' }), topics);
    expect(inputs.map(({ topic, format, adapter }) => [topic, format, adapter.gateway])).toEqual([['staging.gateway.access.v1', 'nginx', 'nginx']]);
  });

  it('set: listed topics verbatim, the default format for bare ones, one adapter per format', () => {
    const config = loadIngestConfig({
      TOKENWATCH_INGEST_TOPICS: 'gw.kong=kong,gw.envoy=envoy,gw.custom=custom,gw.more',
      TOKENWATCH_INGEST_FORMAT: 'envoy',
      TOKENWATCH_INGEST_MAPPING: MAPPING,
    });
    const inputs = createIngestInputs(config, topics);
    expect(inputs.map(({ topic, format, adapter }) => [topic, format, adapter.gateway])).toEqual([
      ['gw.kong', 'kong', 'kong'],
      ['gw.envoy', 'envoy', 'envoy'],
      ['gw.custom', 'custom', 'acme-edge'],
      ['gw.more', 'envoy', 'envoy'],
    ]);
    expect(inputs[3]!.adapter).toBe(inputs[1]!.adapter);
  });

  it('fails at start with one line naming the variable', () => {
    const bad = (env: Record<string, string>) => () => createIngestInputs(loadIngestConfig(env), topics);
    expect(bad({ TOKENWATCH_INGEST_TOPICS: 'a=kafka' })).toThrow(
      new ConfigError(`invalid configuration: TOKENWATCH_INGEST_TOPICS: unknown format "kafka" for topic "a"; expected one of ${FORMAT_NAMES.join(', ')}`),
    );
    expect(bad({ TOKENWATCH_INGEST_TOPICS: 'a,a' })).toThrow(/^invalid configuration: TOKENWATCH_INGEST_TOPICS: topic "a" is listed twice$/);
    expect(bad({ TOKENWATCH_INGEST_TOPICS: 'gw.x=custom' })).toThrow(/format custom needs TOKENWATCH_INGEST_MAPPING/);
    expect(bad({ TOKENWATCH_INGEST_TOPICS: 'staging.tokenwatch.events.v1=kong' })).toThrow(
      /TOKENWATCH_INGEST_TOPICS: "staging.tokenwatch.events.v1" is one of tokenwatch's own topics/,
    );
    for (const env of [{ TOKENWATCH_INGEST_TOPICS: 'a=kafka' }, { TOKENWATCH_INGEST_TOPICS: 'x y' }]) {
      const error = errorOf(bad(env));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).not.toContain('\n');
    }
  });
});
