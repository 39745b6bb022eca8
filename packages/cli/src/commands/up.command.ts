import { parseArgs } from 'node:util';
import { createProducer, describeKafkaSecurity } from '@tokenwatch/kafka';
import { CITY_MMDB_ENV, geoDataInfo } from '@tokenwatch/geo';
import { createIngestInputs, ingestAdapterOptions, type IngestPipeline } from '@tokenwatch/ingest';
import { enabledTransports, startNotifier } from '@tokenwatch/notifier';
import { createApiApp, listen, parseApiKeys, type RunningServer } from '@tokenwatch/api';
import { ExitCode } from '../cli-error';
import type { Config } from '../config/load-config';
import { explainStartFailure, openRuntime, type Runtime } from '../runtime/open-runtime';
import { kafkaReadiness } from '../runtime/kafka-readiness';
import { onShutdownSignal } from '../shutdown-signal';
import { startSimulationFeeder } from '../simulation-feeder';
import { ensureLocalAdminKey } from '../local-admin-key';
import { ingestApiKeys } from '../ingest-api-key';
import { startConfiguredPipeline } from './configured-pipeline';

/**
 * `tokenwatch up`: the whole product in one process on the embedded default. Starts in dependency
 * order and stops in the reverse: HTTP intake, consumers (finishing in-flight batches and committing),
 * writers, ClickHouse, and the local broker if this process started it.
 */
export async function upCommand(args: string[], config: Config): Promise<number> {
  const { values: flags } = parseArgs({ args, options: { simulate: { type: 'boolean', default: false } }, allowPositionals: false });
  const ingest = config.ingest;
  const topics = config.topics.names;
  // Before anything starts: a bad input topic or format is a configuration error, not a half start.
  const inputs = createIngestInputs(ingest, topics);
  const apiConfig = config.api;
  const { tokenPolicy } = config.lifecycle;
  const notifierConfig = config.notifier;
  const home = config.home;
  // No keys configured: a generated admin key (TOKENWATCH_HOME/admin.key) opens the dashboard.
  const localKey = config.apiKeys.configured ? undefined : ensureLocalAdminKey(home);
  const apiKeys = localKey ? parseApiKeys({ TOKENWATCH_API_KEYS: `admin:${localKey.key}` }) : config.apiKeys.keys;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  let rt: Runtime | undefined;
  const shutdown = async () => {
    say('shutting down…');
    await rt?.close();
  };

  try {
    rt = await openRuntime(config, {
      name: 'tokenwatch',
      needs: ['localBroker', 'clickhouse'],
      clickhouse: { mode: 'migrate' },
      kafka: { consumerGroup: `${config.topics.groupPrefix}-normalize` },
      say,
    });
    const { log, stack } = rt;
    const brokers = await rt.brokers();
    const ch = await rt.clickhouse();
    say(`clickhouse: ${ch.mode}, database ${ch.database}, ${rt.migrations?.applied.length ?? 0} migrations applied`);

    const registry = rt.registry;
    const kafka = await rt.kafka();
    let pipelineRunning = false;
    // One process does everything: the scorer writes events and alerts itself, whatever TOKENWATCH_ANALYTICS_WRITER says,
    // and, unless TOKENWATCH_EVENTS_HOP says otherwise, scores what it normalized without the events topic.
    const pipeline: IngestPipeline = await startConfiguredPipeline({
      config: ingest,
      inputs,
      topics,
      kafka,
      clickhouse: ch,
      registry,
      log,
      home,
      analyticsWriter: 'inline',
      defaultEventsHop: 'memory',
    });
    pipelineRunning = true;
    say(
      pipeline.eventsHop === 'memory'
        ? 'ingest: normalize and score in this process (TOKENWATCH_EVENTS_HOP=memory; set it to kafka to add scorers with run ingest)'
        : `ingest: events through ${topics.events}`,
    );
    if (ingest.TOKENWATCH_ANALYTICS_WRITER === 'separate')
      say('ingest: TOKENWATCH_ANALYTICS_WRITER=separate applies to run ingest; up writes events and alerts to ClickHouse itself');
    stack.push('pipeline', () => pipeline.stop().finally(() => (pipelineRunning = false)));

    const notifier = await startNotifier({ kafka, clickhouse: ch, config: notifierConfig, registry, log, partitions: config.kafka.partitions });
    stack.push('notifier', () => notifier.stop());
    say(
      `notify: ${[...enabledTransports(notifierConfig)].join(', ') || 'no transport configured (set TOKENWATCH_SLACK_WEBHOOK_URL, …)'}; revocation mode ${notifierConfig.revocation.mode}`,
    );

    const geoData = geoDataInfo({ [CITY_MMDB_ENV]: config.geo.cityMmdb });
    const app = createApiApp({
      registry,
      readiness: [
        { name: 'clickhouse', check: () => ch.ping() },
        {
          name: 'pipeline',
          check: async () => {
            if (!pipelineRunning) throw new Error('pipeline stopped');
          },
        },
        // The API keeps serving stored alerts while the cluster is down; readiness says intake is not flowing.
        kafkaReadiness(kafka, stack),
      ],
      health: () => ({ kafka: brokers.join(','), kafkaSecurity: describeKafkaSecurity(config.kafka.security), clickhouse: ch.mode, geoData }),
      clickhouse: ch,
      apiKeys: [...apiKeys, ...ingestApiKeys(ingest.TOKENWATCH_INGEST_KEY)],
      tokenPolicy,
      logger: log,
      ingestRouters: ingest.TOKENWATCH_INGEST_KEY ? [pipeline.httpIngestRouter({ adapterOptions: ingestAdapterOptions(ingest) })] : [],
    });
    const server: RunningServer = await listen(app, apiConfig.TOKENWATCH_API_HOST, apiConfig.TOKENWATCH_API_PORT);
    stack.push('http', () => server.close());
    say(`tokenwatch is up: ${server.url} (readiness: ${server.url}/readyz); Ctrl-C to stop`);
    if (localKey) {
      const stored = localKey.created ? `generated and stored in ${localKey.file}` : `from ${localKey.file}`;
      say(`sign in at ${server.url} with the admin key ${localKey.key} (${stored}; TOKENWATCH_API_KEYS replaces it)`);
    }

    if (flags.simulate) {
      const producer = await createProducer(kafka);
      // The first input topic that reads a gateway format the simulator can write (not `custom`).
      const target = inputs.find((input) => input.format !== 'custom') ?? inputs[0]!;
      const feeder = startSimulationFeeder({
        producer,
        topic: target.topic,
        format: target.format,
        now: Date.now(),
        onProgress: say,
        onError: (error) => log.error({ err: error }, 'simulation feeder failed'),
      });
      stack.push('simulation', () => feeder.stop().finally(() => producer.disconnect()));
    }
  } catch (error) {
    await shutdown();
    throw explainStartFailure(config, error);
  }

  await onShutdownSignal();
  await shutdown();
  say('stopped');
  return ExitCode.ok;
}
