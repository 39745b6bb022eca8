import { parseArgs } from 'node:util';
import { localBrokerStatus, startLocalBroker, stopLocalBroker, type LocalBrokerOptions, type LocalBrokerStatus } from '@tokenwatch/kafka';
import { kafkaClusterCommand } from './kafka-cluster.command';
import { type IngestConfig } from '@tokenwatch/ingest';
import { ExitCode, UsageError } from '../cli-error';
import { resolveHome } from '../runtime-paths';
import type { Config } from '../config/load-config';

/**
 * `tokenwatch kafka start|stop|status [--secure] [--brokers N] [--port N]`: the local single-node
 * broker, with --secure its SASL_SSL sibling (throwaway CA, SCRAM users, ACLs), with --brokers 3 a
 * local 3-broker cluster. All are idempotent.
 */
export async function kafkaCommand(args: string[], sections: Config): Promise<number> {
  const { action, secure, port, brokers } = parseKafkaArgs(args);
  const config = sections.ingest;
  if (brokers !== undefined && brokers > 1) {
    if (secure) throw new UsageError('--secure and --brokers do not go together: the local cluster speaks PLAINTEXT');
    return kafkaClusterCommand(action, { home: resolveHome(config.TOKENWATCH_HOME), brokers, ...(port === undefined ? {} : { port }) });
  }
  const options: LocalBrokerOptions = {
    home: resolveHome(config.TOKENWATCH_HOME),
    port: secure ? port : (port ?? config.TOKENWATCH_KAFKA_PORT),
    onProgress: (line) => process.stderr.write(`${line}\n`),
    ...(secure ? { secure: { topicPrefixes: topicPrefixesOf(config), groupPrefixes: [config.TOKENWATCH_GROUP_PREFIX] } } : {}),
  };
  switch (action) {
    case 'start': {
      const status = await startLocalBroker(options);
      process.stdout.write(
        status.clientEnv ? secureBrokerLines(status) : `kafka running (pid ${status.pid}) at ${status.brokers}; data in ${status.dataDir}\n`,
      );
      return ExitCode.ok;
    }
    case 'stop': {
      const { wasRunning } = await stopLocalBroker(options);
      process.stdout.write(wasRunning ? 'kafka stopped\n' : 'kafka was not running\n');
      return ExitCode.ok;
    }
    case 'status': {
      const status = await localBrokerStatus(options);
      process.stdout.write(
        status.running
          ? `kafka running (pid ${status.pid}) at ${status.brokers}${secure ? ' (SASL_SSL)' : ''}${status.answering ? '' : ', not answering yet'}\n`
          : 'kafka not running\n',
      );
      return status.running ? ExitCode.ok : ExitCode.failure;
    }
    default:
      throw new UsageError(action === undefined ? 'kafka needs an action: start, stop or status' : `unknown kafka action "${action}"`);
  }
}

function parseKafkaArgs(args: string[]): { action: string | undefined; secure: boolean; port: number | undefined; brokers: number | undefined } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { secure: { type: 'boolean', default: false }, port: { type: 'string' }, brokers: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [action, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const port = parsed.values.port === undefined ? undefined : Number(parsed.values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65535))
    throw new UsageError(`--port must be a TCP port below 65535, got "${parsed.values.port}"`);
  const brokers = parsed.values.brokers === undefined ? undefined : Number(parsed.values.brokers);
  if (brokers !== undefined && !(Number.isInteger(brokers) && brokers >= 1 && brokers <= 9))
    throw new UsageError(`--brokers must be 1 to 9, got "${parsed.values.brokers}"`);
  return { action, secure: parsed.values.secure, port, brokers };
}

/** The topics this configuration uses: everything under TOKENWATCH_TOPIC_PREFIX, else the tokenwatch names, plus extra raw topics. */
function topicPrefixesOf(config: IngestConfig): string[] {
  const own = config.TOKENWATCH_TOPIC_PREFIX ? [`${config.TOKENWATCH_TOPIC_PREFIX}.`] : ['gateway.access.v1', 'tokenwatch.'];
  return [...new Set([...own, ...(config.TOKENWATCH_INGEST_TOPICS ?? []).map((spec) => spec.topic)])];
}

/** A comment line and `export` lines: `eval "$(tokenwatch kafka start --secure)"` points this shell at the broker. */
function secureBrokerLines(status: LocalBrokerStatus): string {
  const exports = Object.entries(status.clientEnv ?? {}).map(([name, value]) => `export ${name}=${value}\n`);
  const mtls = Object.entries(status.mtlsClientEnv ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const alternative = mtls === '' ? '' : `# or mutual TLS, a client certificate instead of the password (without the KAFKA_SASL_* settings): ${mtls}\n`;
  return `# kafka running (pid ${status.pid}) at ${status.brokers} (SASL_SSL, SCRAM-SHA-512, ACLs); data in ${status.dataDir}; use it with:\n${exports.join('')}${alternative}`;
}
