import { parseArgs } from 'node:util';
import { topicNames } from '@tokenwatch/contracts';
import { migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { createProducer, describeKafkaSecurity, explainKafkaError, kafkaReachable, localBrokerStatus, startLocalBroker, stopLocalBroker, type LocalBrokerOptions } from '@tokenwatch/kafka';
import { geoDataInfo } from '@tokenwatch/geo';
import { createLogger, createMetricsRegistry } from '@tokenwatch/observability';
import { createIngestInputs, ingestAdapterOptions, loadIngestConfig, type IngestPipeline } from '@tokenwatch/ingest';
import { enabledTransports, loadNotifierConfig, startNotifier } from '@tokenwatch/notifier';
import { createApiApp, listen, loadApiConfig, parseApiKeys, type RunningServer } from '@tokenwatch/api';
import { tokenPolicyFromEnv } from '@tokenwatch/lifecycle';
import { ExitCode } from '../cli-error';
import { clickhouseFromConfig } from '../clickhouse-from-config';
import { resolveHome } from '../runtime-paths';
import { onShutdownSignal } from '../shutdown-signal';
import { startSimulationFeeder } from '../simulation-feeder';
import { ensureLocalAdminKey } from '../local-admin-key';
import { ingestApiKeys } from '../ingest-api-key';
import { startConfiguredPipeline } from './configured-pipeline';
import { connectKafka, kafkaErrorContext } from './kafka-connection';

/**
 * `tokenwatch up`: the whole product in one process on the embedded default. Starts in dependency
 * order and stops in the reverse: HTTP intake, consumers (finishing in-flight batches and committing),
 * writers, ClickHouse, and the local broker if this process started it.
 */
export async function upCommand(args: string[]): Promise<number> {
  const { values: flags } = parseArgs({ args, options: { simulate: { type: 'boolean', default: false } }, allowPositionals: false });
  const config = loadIngestConfig(process.env);
  const topics = topicNames(config.TOKENWATCH_TOPIC_PREFIX);
  // Before anything starts: a bad input topic or format is a configuration error, not a half start.
  const inputs = createIngestInputs(config, topics);
  const apiConfig = loadApiConfig(process.env);
  const tokenPolicy = tokenPolicyFromEnv(process.env);
  const notifierConfig = loadNotifierConfig(process.env);
  const home = resolveHome(config.TOKENWATCH_HOME);
  // No keys configured: a generated admin key (TOKENWATCH_HOME/admin.key) opens the dashboard.
  const localKey = process.env.TOKENWATCH_API_KEYS?.trim() ? undefined : ensureLocalAdminKey(home);
  const apiKeys = parseApiKeys(localKey ? { TOKENWATCH_API_KEYS: `admin:${localKey.key}` } : process.env);
  const log = createLogger({ name: 'tokenwatch', level: config.LOG_LEVEL });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const stack: Array<{ name: string; stop: () => Promise<unknown> }> = [];

  const shutdown = async () => {
    say('shutting down…');
    for (const { name, stop } of stack.reverse()) {
      try {
        await stop();
      } catch (error) {
        log.error({ err: error, step: name }, 'shutdown step failed');
      }
    }
  };

  try {
    const brokerOptions: LocalBrokerOptions = { home, port: config.TOKENWATCH_KAFKA_PORT, onProgress: say };
    let brokers = config.KAFKA_BROKERS;
    if (!brokers) {
      const wasRunning = (await localBrokerStatus(brokerOptions)).running;
      const status = await startLocalBroker(brokerOptions);
      brokers = [status.brokers];
      // A broker someone started with `tokenwatch kafka start` outlives this process.
      if (!wasRunning) stack.push({ name: 'local kafka', stop: () => stopLocalBroker(brokerOptions) });
      say(`kafka: local broker at ${status.brokers}`);
    }

    const ch: ClickHouse = await clickhouseFromConfig(config);
    stack.push({ name: 'clickhouse', stop: () => ch.close() });
    const migrations = await migrate(ch, { accessEventsTtlDays: config.TOKENWATCH_RETENTION_DAYS });
    say(`clickhouse: ${ch.mode}, database ${ch.database}, ${migrations.applied.length} migrations applied`);

    const registry = createMetricsRegistry();
    const kafka = await connectKafka(config, brokers, 'tokenwatch', log, `${config.TOKENWATCH_GROUP_PREFIX}-normalize`);
    let pipelineRunning = false;
    // One process does everything: the scorer writes events and alerts itself, whatever TOKENWATCH_ANALYTICS_WRITER says.
    const pipeline: IngestPipeline = await startConfiguredPipeline({ config, inputs, topics, kafka, clickhouse: ch, registry, log, home, analyticsWriter: 'inline' });
    pipelineRunning = true;
    if (config.TOKENWATCH_ANALYTICS_WRITER === 'separate') say('ingest: TOKENWATCH_ANALYTICS_WRITER=separate applies to run ingest; up writes events and alerts to ClickHouse itself');
    stack.push({ name: 'pipeline', stop: () => pipeline.stop().finally(() => (pipelineRunning = false)) });

    const notifier = await startNotifier({ kafka, clickhouse: ch, config: notifierConfig, registry, log, partitions: config.TOKENWATCH_PARTITIONS });
    stack.push({ name: 'notifier', stop: () => notifier.stop() });
    say(`notify: ${[...enabledTransports(notifierConfig)].join(', ') || 'no transport configured (set TOKENWATCH_SLACK_WEBHOOK_URL, …)'}; revocation mode ${notifierConfig.revocation.mode}`);

    const geoData = geoDataInfo();
    const app = createApiApp({
      registry,
      readiness: [
        { name: 'clickhouse', check: () => ch.ping() },
        { name: 'pipeline', check: async () => { if (!pipelineRunning) throw new Error('pipeline stopped'); } },
        // The API keeps serving stored alerts while the cluster is down; readiness says intake is not flowing.
        { name: 'kafka', check: () => kafkaReachable(kafka) },
      ],
      health: () => ({ kafka: brokers.join(','), kafkaSecurity: describeKafkaSecurity(config.kafkaSecurity), clickhouse: ch.mode, geoData }),
      clickhouse: ch,
      apiKeys: [...apiKeys, ...ingestApiKeys(config.TOKENWATCH_INGEST_KEY)],
      tokenPolicy,
      logger: log,
      ingestRouters: config.TOKENWATCH_INGEST_KEY ? [pipeline.httpIngestRouter({ adapterOptions: ingestAdapterOptions(config) })] : [],
    });
    const server: RunningServer = await listen(app, apiConfig.TOKENWATCH_API_HOST, apiConfig.TOKENWATCH_API_PORT);
    stack.push({ name: 'http', stop: () => server.close() });
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
      stack.push({ name: 'simulation', stop: () => feeder.stop().finally(() => producer.disconnect()) });
    }
  } catch (error) {
    await shutdown();
    throw explainKafkaError(error, kafkaErrorContext(config, config.KAFKA_BROKERS ?? [])) ?? error;
  }

  await onShutdownSignal();
  await shutdown();
  say('stopped');
  return ExitCode.ok;
}
