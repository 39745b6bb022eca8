import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalBrokerError } from './local-broker-error';

/** Every file the local broker owns, all under `<home>/kafka/`. Deleting that folder resets the broker. */
export interface BrokerPaths {
  root: string;
  /** Kafka's `log.dirs`: topic partitions and the KRaft metadata log. */
  dataDir: string;
  logsDir: string;
  /** The broker's own log (log4j2, see infra/kafka/log4j2.properties). */
  serverLog: string;
  /** The JVM's stdout and stderr: crashes before logging starts, JVM warnings. */
  consoleLog: string;
  pidFile: string;
  propertiesFile: string;
  clusterIdFile: string;
  /** Held while a start is in progress, so two starts on one home never spawn two brokers. */
  lockFile: string;
}

/** `secure`: the SASL_SSL broker, kept apart in `<home>/kafka-secure/` so both can run side by side. */
export function brokerPaths(home: string, secure = false): BrokerPaths {
  return brokerPathsIn(join(resolve(home), secure ? 'kafka-secure' : 'kafka'));
}

/** The files of one broker whose folder is `root` (a node of the local cluster has one each). */
export function brokerPathsIn(root: string): BrokerPaths {
  const logsDir = join(root, 'logs');
  return {
    root,
    dataDir: join(root, 'data'),
    logsDir,
    serverLog: join(logsDir, 'server.log'),
    consoleLog: join(logsDir, 'console.log'),
    pidFile: join(root, 'broker.pid'),
    propertiesFile: join(root, 'server.properties'),
    clusterIdFile: join(root, 'cluster-id'),
    lockFile: join(root, 'start.lock'),
  };
}

/** The nearest folder at or above `start` that holds pnpm-workspace.yaml, or null. */
export function findRepoRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The folder holding infra/kafka/pom.xml: the option when given, else found from this module's location. */
export function resolveInfraDir(infraDir?: string): string {
  if (infraDir !== undefined) return resolve(infraDir);
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url))) ?? findRepoRoot(process.cwd());
  if (root === null) {
    throw new LocalBrokerError(
      'Cannot find the tokenwatch repository (no pnpm-workspace.yaml above this module or the current folder)',
      'run from inside the tokenwatch checkout, or pass infraDir pointing at infra/kafka',
    );
  }
  return join(root, 'infra', 'kafka');
}

export interface BrokerPorts {
  port: number;
  controllerPort: number;
}

export const DEFAULT_BROKER_PORT = 9092;
export const BROKER_HOST = '127.0.0.1';

export function resolvePorts(opts: { port?: number; controllerPort?: number }): BrokerPorts {
  const port = opts.port ?? DEFAULT_BROKER_PORT;
  const controllerPort = opts.controllerPort ?? port + 1;
  for (const [name, value] of [
    ['port', port],
    ['controllerPort', controllerPort],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      throw new LocalBrokerError(`Invalid ${name} ${value} for the local Kafka broker`, 'use a TCP port between 1 and 65535');
    }
  }
  if (port === controllerPort) {
    throw new LocalBrokerError(`The broker port and the controller port are both ${port}`, 'pick a different controllerPort (the default is port + 1)');
  }
  return { port, controllerPort };
}

export function brokerAddress(port: number): string {
  return `${BROKER_HOST}:${port}`;
}
