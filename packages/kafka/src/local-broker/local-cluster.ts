import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BROKER_HOST, brokerAddress, brokerPathsIn, resolveInfraDir, type BrokerPaths } from './broker-paths';
import { probeBroker } from './broker-probe';
import { isBrokerProcess, isPortFree, isProcessAlive, readPidFile, removePidFile, startBrokerIn, terminateProcess } from './broker-process';
import { ensureStorageFormatted } from './broker-storage';
import { logTails } from './broker-logs';
import { clusterNodes, renderClusterNodeProperties, type ClusterNode } from './cluster-properties';
import { withFileLock } from './file-lock';
import { checkJava } from './java-runtime';
import { ensureKafkaJars } from './kafka-jars';
import { LocalBrokerError } from './local-broker-error';
import { newClusterId } from './server-properties';

export const DEFAULT_CLUSTER_PORT = 9192;

export interface LocalClusterOptions {
  /** State folder; the cluster lives in `<home>/kafka-cluster/`, one `node-<n>/` folder per broker. */
  home: string;
  /** Brokers (each also a KRaft controller); fixed once the cluster's storage is formatted. */
  brokers: number;
  /** Port of node 1; node n uses `port + 2(n - 1)` and the next port for its controller. Default 9192. */
  port?: number;
  infraDir?: string;
  /** Maximum JVM heap per broker; default 256. */
  heapMb?: number;
  onProgress?: (line: string) => void;
  /** How long start waits for every broker to join; default 90 s. */
  startTimeoutMs?: number;
}

export interface ClusterNodeStatus {
  nodeId: number;
  address: string;
  pid: number | null;
  running: boolean;
  dataDir: string;
}

export interface LocalClusterStatus {
  /** Every node's process is alive. */
  running: boolean;
  /** Bootstrap list of every node, e.g. "127.0.0.1:9192,127.0.0.1:9194,127.0.0.1:9196". */
  brokers: string;
  nodes: ClusterNodeStatus[];
  dataDir: string;
  /** Brokers the cluster's metadata lists (0 when none answers). */
  answering: number;
}

interface ClusterLayout {
  brokers: number;
  port: number;
}

const clusterRoot = (home: string) => join(resolve(home), 'kafka-cluster');

function nodePaths(home: string, nodeId: number): BrokerPaths {
  // One cluster id and one start lock for the whole cluster.
  const shared = { clusterIdFile: join(clusterRoot(home), 'cluster-id'), lockFile: join(clusterRoot(home), 'start.lock') };
  return { ...brokerPathsIn(join(clusterRoot(home), `node-${nodeId}`)), ...shared };
}

const layoutFile = (home: string) => join(clusterRoot(home), 'cluster.json');

async function readLayout(home: string): Promise<ClusterLayout | null> {
  try {
    const layout = JSON.parse(await readFile(layoutFile(home), 'utf8')) as ClusterLayout;
    return Number.isInteger(layout.brokers) && Number.isInteger(layout.port) ? layout : null;
  } catch {
    return null;
  }
}

/** The layout asked for, checked against the one the storage was formatted with. */
async function resolveLayout(opts: LocalClusterOptions): Promise<ClusterLayout> {
  if (!Number.isInteger(opts.brokers) || opts.brokers < 2 || opts.brokers > 9) {
    throw new LocalBrokerError(`A local cluster needs 2 to 9 brokers, not ${opts.brokers}`, 'use --brokers 3 (or no --brokers for the single broker)');
  }
  const existing = await readLayout(opts.home);
  const wanted = { brokers: opts.brokers, port: opts.port ?? existing?.port ?? DEFAULT_CLUSTER_PORT };
  if (existing && (existing.brokers !== wanted.brokers || existing.port !== wanted.port)) {
    throw new LocalBrokerError(
      `The local cluster in ${clusterRoot(opts.home)} has ${existing.brokers} brokers from port ${existing.port}, not ${wanted.brokers} from port ${wanted.port}`,
      `start it as it is (--brokers ${existing.brokers} --port ${existing.port}), or stop it and delete ${clusterRoot(opts.home)} to make a new one`,
    );
  }
  return wanted;
}

async function nodePid(home: string, nodeId: number): Promise<number | null> {
  const paths = nodePaths(home, nodeId);
  const pid = await readPidFile(paths.pidFile);
  if (pid !== null && isBrokerProcess(pid, paths.propertiesFile)) return pid;
  await removePidFile(paths.pidFile);
  return null;
}

export async function localClusterStatus(opts: Pick<LocalClusterOptions, 'home'> & Partial<LocalClusterOptions>): Promise<LocalClusterStatus> {
  const layout = (await readLayout(opts.home)) ?? { brokers: opts.brokers ?? 3, port: opts.port ?? DEFAULT_CLUSTER_PORT };
  const nodes = clusterNodes(layout.brokers, layout.port);
  const statuses = await Promise.all(
    nodes.map(async (n) => {
      const pid = await nodePid(opts.home, n.nodeId);
      return { nodeId: n.nodeId, address: brokerAddress(n.port), pid, running: pid !== null, dataDir: nodePaths(opts.home, n.nodeId).root };
    }),
  );
  const alive = statuses.filter((s) => s.running);
  const probe = alive.length > 0 ? await probeBroker(alive.map((s) => s.address)[0]!, 3_000) : null;
  return {
    running: alive.length === nodes.length,
    brokers: statuses.map((s) => s.address).join(','),
    nodes: statuses,
    dataDir: clusterRoot(opts.home),
    answering: probe?.brokers ?? 0,
  };
}

/**
 * Starts every broker of the local cluster that is not running (so it also restarts one that was
 * killed) and waits until the cluster's metadata lists all of them.
 */
export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalClusterStatus> {
  const progress = opts.onProgress ?? (() => undefined);
  await mkdir(clusterRoot(opts.home), { recursive: true });
  const lock = { timeoutMs: 5 * 60_000, onWait: () => progress('Waiting for another process starting the local Kafka cluster…') };
  return withFileLock(nodePaths(opts.home, 1).lockFile, lock, async () => {
    const layout = await resolveLayout(opts);
    const nodes = clusterNodes(layout.brokers, layout.port);
    const stopped: ClusterNode[] = [];
    for (const node of nodes) if ((await nodePid(opts.home, node.nodeId)) === null) stopped.push(node);
    if (stopped.length > 0) await launch(opts, nodes, stopped, progress);
    await writeFile(layoutFile(opts.home), `${JSON.stringify(layout)}\n`);
    return waitForCluster(opts, nodes);
  });
}

async function launch(opts: LocalClusterOptions, nodes: ClusterNode[], stopped: ClusterNode[], progress: (line: string) => void): Promise<void> {
  for (const node of stopped) {
    for (const port of [node.port, node.controllerPort]) {
      if (!(await isPortFree(port, BROKER_HOST))) {
        throw new LocalBrokerError(
          `Port ${port} on ${BROKER_HOST} is in use, so broker ${node.nodeId} of the local cluster cannot start`,
          'stop what listens there, or start the cluster on other ports (--port)',
        );
      }
    }
  }
  const java = await checkJava();
  const libDir = await ensureKafkaJars(opts);
  const log4jConfig = join(resolveInfraDir(opts.infraDir), 'log4j2.properties');
  const idFile = nodePaths(opts.home, 1).clusterIdFile;
  if (!existsSync(idFile)) await writeFile(idFile, `${newClusterId()}\n`);
  await Promise.all(
    stopped.map(async (node) => {
      const paths = nodePaths(opts.home, node.nodeId);
      await mkdir(paths.logsDir, { recursive: true });
      await writeFile(paths.propertiesFile, renderClusterNodeProperties(node, nodes, paths.dataDir));
      await ensureStorageFormatted({ java: java.executable, libDir, log4jConfig, paths, onProgress: progress });
    }),
  );
  for (const node of stopped) {
    const paths = nodePaths(opts.home, node.nodeId);
    progress(`Starting Kafka broker ${node.nodeId} of ${nodes.length} on ${brokerAddress(node.port)} (data in ${paths.root})…`);
    await startBrokerIn({ java: java.executable, libDir, log4jConfig }, paths, opts.heapMb ?? 256);
  }
}

async function waitForCluster(opts: LocalClusterOptions, nodes: ClusterNode[]): Promise<LocalClusterStatus> {
  const started = Date.now();
  const deadline = started + (opts.startTimeoutMs ?? 90_000);
  for (;;) {
    const status = await localClusterStatus(opts);
    const dead = status.nodes.find((n) => !n.running);
    if (dead) {
      throw new LocalBrokerError(
        `Broker ${dead.nodeId} of the local cluster exited during start-up; last lines of its logs:\n${await logTails(nodePaths(opts.home, dead.nodeId))}`,
        `read the logs in ${dead.dataDir}; to start from empty storage, stop the cluster and delete ${status.dataDir}`,
      );
    }
    if (status.answering === nodes.length) {
      opts.onProgress?.(`Kafka cluster ready: ${nodes.length} brokers at ${status.brokers} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return status;
    }
    if (Date.now() >= deadline) {
      throw new LocalBrokerError(
        `The local Kafka cluster did not list all ${nodes.length} brokers within ${(deadline - started) / 1000} s (${status.answering} answering)`,
        `read the logs under ${status.dataDir}, then run \`tokenwatch kafka stop --brokers ${nodes.length}\``,
      );
    }
    await sleep(500);
  }
}

export async function stopLocalCluster(opts: Pick<LocalClusterOptions, 'home' | 'onProgress'>): Promise<{ wasRunning: boolean }> {
  const status = await localClusterStatus(opts);
  const running = status.nodes.filter((n) => n.pid !== null);
  if (running.length > 0) opts.onProgress?.(`Stopping ${running.length} Kafka broker(s) of the local cluster…`);
  await Promise.all(
    running.map(async (n) => {
      if ((await terminateProcess(n.pid!, 20_000)) === 'stuck')
        throw new LocalBrokerError(`Broker ${n.nodeId} (pid ${n.pid}) did not exit, even after SIGKILL`, `check the process with \`ps -p ${n.pid}\``);
      await removePidFile(nodePaths(opts.home, n.nodeId).pidFile);
    }),
  );
  return { wasRunning: running.length > 0 };
}

/** kill -9 of one broker (chaos tests): no shutdown, no flush. Resolves once the process is gone. */
export async function killClusterNode(opts: Pick<LocalClusterOptions, 'home'>, nodeId: number): Promise<number> {
  const pid = await nodePid(opts.home, nodeId);
  if (pid === null) throw new LocalBrokerError(`Broker ${nodeId} of the local cluster is not running`, 'start the cluster first');
  process.kill(pid, 'SIGKILL');
  while (isProcessAlive(pid)) await sleep(50);
  await removePidFile(nodePaths(opts.home, nodeId).pidFile);
  return pid;
}
