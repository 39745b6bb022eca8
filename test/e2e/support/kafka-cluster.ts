import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killClusterNode, localClusterStatus, startLocalCluster, stopLocalCluster, type LocalClusterOptions, type LocalClusterStatus } from '@tokenwatch/kafka';

export interface TestCluster {
  /** KAFKA_BROKERS of every broker. */
  brokers: string;
  status: () => Promise<LocalClusterStatus>;
  /** kill -9 of one broker; resolves once its process is gone. */
  kill: (nodeId: number) => Promise<void>;
  /** Starts the brokers that are down and waits until all are in the metadata again. */
  restart: () => Promise<LocalClusterStatus>;
  /** Stops every broker and deletes the cluster's folder. */
  dispose: () => Promise<void>;
}

/**
 * `tokenwatch kafka start --brokers N` in a temporary home, on free ports (a block of 2N), so that
 * it never meets the shared broker of the other e2e files.
 */
export async function startTestCluster(brokers = 3): Promise<TestCluster> {
  const home = mkdtempSync(join(tmpdir(), 'tokenwatch-cluster-'));
  const options: LocalClusterOptions = {
    home,
    brokers,
    port: await freePortBlock(2 * brokers),
    onProgress: (line) => process.stderr.write(`cluster: ${line}\n`),
  };
  try {
    const status = await startLocalCluster(options);
    return {
      brokers: status.brokers,
      status: () => localClusterStatus(options),
      kill: async (nodeId) => void (await killClusterNode(options, nodeId)),
      restart: () => startLocalCluster(options),
      dispose: async () => {
        await stopLocalCluster(options);
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopLocalCluster(options).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** The first port of `count` consecutive free ones, from a random start above the usual service ports. */
async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    let free = true;
    for (let port = first; port < first + count && free; port++) free = await canListen(port);
    if (free) return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}
