import { localClusterStatus, startLocalCluster, stopLocalCluster, type LocalClusterOptions, type LocalClusterStatus } from '@tokenwatch/kafka';
import { ExitCode, UsageError } from '../cli-error';

const describe = (status: LocalClusterStatus) =>
  `kafka cluster: ${status.nodes.map((n) => `broker ${n.nodeId} ${n.address} ${n.running ? `(pid ${n.pid})` : 'down'}`).join(', ')}; ${status.answering} in the metadata; data in ${status.dataDir}\n`;

/** `tokenwatch kafka start|stop|status --brokers N [--port N]`: the local KRaft cluster (replication 3, min.insync.replicas 2). */
export async function kafkaClusterCommand(action: string | undefined, options: Omit<LocalClusterOptions, 'onProgress'>): Promise<number> {
  const opts: LocalClusterOptions = { ...options, onProgress: (line) => process.stderr.write(`${line}\n`) };
  switch (action) {
    case 'start': {
      const status = await startLocalCluster(opts);
      process.stdout.write(`${describe(status)}use it with: KAFKA_BROKERS=${status.brokers}\n`);
      return ExitCode.ok;
    }
    case 'stop': {
      const { wasRunning } = await stopLocalCluster(opts);
      process.stdout.write(wasRunning ? 'kafka cluster stopped\n' : 'kafka cluster was not running\n');
      return ExitCode.ok;
    }
    case 'status': {
      const status = await localClusterStatus(opts);
      process.stdout.write(status.nodes.some((n) => n.running) ? describe(status) : 'kafka cluster not running\n');
      return status.running ? ExitCode.ok : ExitCode.failure;
    }
    default:
      throw new UsageError(action === undefined ? 'kafka needs an action: start, stop or status' : `unknown kafka action "${action}"`);
  }
}
