import { localBrokerStatus, startLocalBroker, stopLocalBroker, type LocalBrokerOptions } from '@tokenwatch/kafka';
import { loadIngestConfig } from '@tokenwatch/ingest';
import { ExitCode, UsageError } from '../cli-error';
import { resolveHome } from '../runtime-paths';

/** `tokenwatch kafka start|stop|status`: the local single-node broker. All three are idempotent. */
export async function kafkaCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const config = loadIngestConfig(process.env);
  const options: LocalBrokerOptions = {
    home: resolveHome(config.TOKENWATCH_HOME),
    port: config.TOKENWATCH_KAFKA_PORT,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  };
  switch (action) {
    case 'start': {
      const status = await startLocalBroker(options);
      process.stdout.write(`kafka running (pid ${status.pid}) at ${status.brokers}; data in ${status.dataDir}\n`);
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
          ? `kafka running (pid ${status.pid}) at ${status.brokers}${status.answering ? '' : ', not answering yet'}\n`
          : 'kafka not running\n',
      );
      return status.running ? ExitCode.ok : ExitCode.failure;
    }
    default:
      throw new UsageError(action === undefined ? 'kafka needs an action: start, stop or status' : `unknown kafka action "${action}"`);
  }
}
