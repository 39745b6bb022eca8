import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BrokerPaths, type BrokerPorts, BROKER_HOST, brokerAddress, brokerPaths, resolveInfraDir, resolvePorts } from './broker-paths';
import { probeBroker, type BrokerProbeSecurity } from './broker-probe';
import { grantPrefixedAcls } from './broker-acls';
import {
  adminClientSecurity,
  ensureSecureBrokerMaterial,
  mtlsClientEnv,
  readSecureBrokerMaterial,
  scramUserArgs,
  secureClientEnv,
  SECURE_BROKER_ADMIN,
  SECURE_BROKER_HOST,
  SECURE_BROKER_USER,
  type SecureBrokerMaterial,
  type SecureBrokerOptions,
} from './secure-broker-setup';
import { isBrokerProcess, isPortFree, isProcessAlive, readPidFile, removePidFile, startBrokerIn, terminateProcess } from './broker-process';
import { ensureStorageFormatted } from './broker-storage';
import { withFileLock } from './file-lock';
import { checkJava } from './java-runtime';
import { ensureKafkaJars } from './kafka-jars';
import { LocalBrokerError } from './local-broker-error';
import { type LogMarks, logTails, markLogs } from './broker-logs';
import { parseMtlsPort, parseServerPorts, renderServerProperties } from './server-properties';

export interface LocalBrokerOptions {
  /** State folder, e.g. `<repo>/.tokenwatch`; everything of the broker lives in `<home>/kafka/`. */
  home: string;
  /** Broker (PLAINTEXT) port on 127.0.0.1; default 9092. */
  port?: number;
  /** KRaft controller port on 127.0.0.1; default port + 1. */
  controllerPort?: number;
  /** Folder holding pom.xml and log4j2.properties; default `<repo root>/infra/kafka`. */
  infraDir?: string;
  /** Maximum JVM heap; default 512. */
  heapMb?: number;
  /** Human progress lines (the CLI prints them to stderr). */
  onProgress?: (line: string) => void;
  /**
   * A SASL_SSL broker instead: throwaway CA and certificate, SCRAM-SHA-512 users, ACLs. It lives in
   * `<home>/kafka-secure/` (default port 9094), beside the PLAINTEXT one.
   */
  secure?: SecureBrokerOptions;
}

export interface LocalBrokerStatus {
  /** Our broker process (from the pid file) is alive. */
  running: boolean;
  pid: number | null;
  /** Bootstrap address, e.g. "127.0.0.1:9092". */
  brokers: string;
  /** `<home>/kafka`: data, logs, pid file, generated server.properties, cluster id. */
  dataDir: string;
  /** A broker answers metadata requests at `brokers`. */
  answering: boolean;
  /** Secured broker: the settings a tokenwatch process uses it with (KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL, …). */
  clientEnv?: Record<string, string>;
  /** Secured broker: the same through its mTLS listener, with the tokenwatch client certificate. */
  mtlsClientEnv?: Record<string, string>;
}

export const DEFAULT_SECURE_BROKER_PORT = 9094;

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;
const POLL_MS = 250;

export async function localBrokerStatus(opts: LocalBrokerOptions): Promise<LocalBrokerStatus> {
  const paths = brokerPaths(opts.home, opts.secure !== undefined);
  const pid = await runningBrokerPid(paths);
  const ports = pid === null ? requestedPorts(opts) : ((await configuredPorts(paths)) ?? requestedPorts(opts));
  const brokers = addressOf(opts, ports.port);
  const material = opts.secure ? await readSecureBrokerMaterial(paths) : null;
  const answering = (opts.secure === undefined || material !== null) && (await probeBroker(brokers, 3_000, probeSecurity(material))) !== null;
  return { running: pid !== null, pid, brokers, dataDir: paths.root, answering, ...clientEnvOf(brokers, material, await configuredMtlsPort(paths)) };
}

export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBrokerStatus> {
  const paths = brokerPaths(opts.home, opts.secure !== undefined);
  const requested = requestedPorts(opts);
  const progress = opts.onProgress ?? (() => undefined);
  await mkdir(paths.logsDir, { recursive: true });
  const lock = { timeoutMs: 5 * 60_000, onWait: () => progress('Waiting for another process starting the local Kafka broker…') };
  return withFileLock(paths.lockFile, lock, async () => {
    const existing = await runningBrokerPid(paths);
    if (existing !== null) return adoptRunningBroker(existing, paths, opts);

    const mtlsPort = opts.secure ? (opts.secure.mtlsPort ?? requested.port + 2) : null;
    await assertPortsFree(requested, mtlsPort);
    const java = await checkJava();
    const libDir = await ensureKafkaJars(opts);
    const log4jConfig = join(resolveInfraDir(opts.infraDir), 'log4j2.properties');
    const material = opts.secure ? await ensureSecureBrokerMaterial(paths, opts.secure) : null;
    const secure = material &&
      mtlsPort !== null && {
        advertisedHost: SECURE_BROKER_HOST,
        mtlsPort,
        keystoreFile: material.keystoreFile,
        caFile: material.caFile,
        adminUser: SECURE_BROKER_ADMIN,
        adminPassword: material.adminPassword,
        controllerPassword: material.controllerPassword,
        oauthBearer: opts.secure?.oauthBearer === true,
      };
    // Mode 0600: the secured broker's file holds its admin passwords.
    await writeFile(paths.propertiesFile, renderServerProperties({ ...requested, dataDir: paths.dataDir, ...(secure ? { secure } : {}) }), { mode: 0o600 });
    const formatArgs = material ? scramUserArgs(material) : [];
    await ensureStorageFormatted({ java: java.executable, libDir, log4jConfig, paths, formatArgs, onProgress: progress });

    const brokers = addressOf(opts, requested.port);
    progress(`Starting Kafka broker on ${brokers} (data in ${paths.root})…`);
    const started = Date.now();
    const marks = await markLogs(paths);
    const pid = await startBrokerIn({ java: java.executable, libDir, log4jConfig }, paths, opts.heapMb ?? 512);
    await waitUntilAnswering(pid, brokers, paths, { killOnTimeout: true, marks, security: probeSecurity(material) });
    if (material) await grantTokenwatchAcls(brokers, material, opts);
    progress(`Kafka broker ready on ${brokers}${material ? ' (SASL_SSL)' : ''} (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { running: true, pid, brokers, dataDir: paths.root, answering: true, ...clientEnvOf(brokers, material, mtlsPort) };
  });
}

export async function stopLocalBroker(opts: LocalBrokerOptions): Promise<{ wasRunning: boolean }> {
  const paths = brokerPaths(opts.home, opts.secure !== undefined);
  const pid = await runningBrokerPid(paths);
  if (pid === null) return { wasRunning: false };
  opts.onProgress?.(`Stopping Kafka broker (pid ${pid})…`);
  const outcome = await terminateProcess(pid, STOP_GRACE_MS);
  if (outcome === 'stuck') {
    throw new LocalBrokerError(`The Kafka broker (pid ${pid}) did not exit, even after SIGKILL`, `check the process with \`ps -p ${pid}\``);
  }
  if (outcome === 'killed') opts.onProgress?.(`Kafka broker did not stop within ${STOP_GRACE_MS / 1000} s; killed it`);
  await removePidFile(paths.pidFile);
  return { wasRunning: true };
}

/** The pid of our live broker, or null; a pid file naming a dead or foreign process is removed. */
async function runningBrokerPid(paths: BrokerPaths): Promise<number | null> {
  const pid = await readPidFile(paths.pidFile);
  if (pid !== null && isBrokerProcess(pid, paths.propertiesFile)) return pid;
  await removePidFile(paths.pidFile);
  return null;
}

/** What `parse` reads from the home's server.properties; null when there is none or it does not parse. */
async function fromProperties<T>(paths: BrokerPaths, parse: (properties: string) => T | null): Promise<T | null> {
  try {
    return parse(await readFile(paths.propertiesFile, 'utf8'));
  } catch {
    return null;
  }
}

const configuredPorts = (paths: BrokerPaths) => fromProperties(paths, parseServerPorts);
const configuredMtlsPort = (paths: BrokerPaths) => fromProperties(paths, parseMtlsPort);

/** `start` on a home whose broker already runs: check it is the one asked for and wait until it answers. */
async function adoptRunningBroker(pid: number, paths: BrokerPaths, opts: LocalBrokerOptions): Promise<LocalBrokerStatus> {
  const ports = (await configuredPorts(paths)) ?? requestedPorts(opts);
  const mismatch = (opts.port !== undefined && opts.port !== ports.port) || (opts.controllerPort !== undefined && opts.controllerPort !== ports.controllerPort);
  if (mismatch) {
    throw new LocalBrokerError(
      `The local Kafka broker of ${paths.root} already runs on port ${ports.port} (pid ${pid}), not on the port asked for`,
      `use ${addressOf(opts, ports.port)}, or stop it first (tokenwatch kafka stop) and start again on the new port`,
    );
  }
  const brokers = addressOf(opts, ports.port);
  const material = opts.secure ? await readSecureBrokerMaterial(paths) : null;
  await waitUntilAnswering(pid, brokers, paths, { killOnTimeout: false, security: probeSecurity(material) });
  if (material) await grantTokenwatchAcls(brokers, material, opts);
  opts.onProgress?.(`Kafka broker already running on ${brokers} (pid ${pid})`);
  return { running: true, pid, brokers, dataDir: paths.root, answering: true, ...clientEnvOf(brokers, material, await configuredMtlsPort(paths)) };
}

function requestedPorts(opts: LocalBrokerOptions): BrokerPorts {
  return resolvePorts({ ...opts, port: opts.port ?? (opts.secure ? DEFAULT_SECURE_BROKER_PORT : undefined) });
}

/** The secured broker is reached by the name in its certificate; the PLAINTEXT one by its IP address. */
function addressOf(opts: LocalBrokerOptions, port: number): string {
  return opts.secure ? `${SECURE_BROKER_HOST}:${port}` : brokerAddress(port);
}

function probeSecurity(material: SecureBrokerMaterial | null): BrokerProbeSecurity {
  return material ? adminClientSecurity(material) : {};
}

function clientEnvOf(brokers: string, material: SecureBrokerMaterial | null, mtlsPort: number | null): Pick<LocalBrokerStatus, 'clientEnv' | 'mtlsClientEnv'> {
  if (!material) return {};
  const mtls = mtlsPort === null ? {} : { mtlsClientEnv: mtlsClientEnv(`${SECURE_BROKER_HOST}:${mtlsPort}`, material) };
  return { clientEnv: secureClientEnv(brokers, material), ...mtls };
}

/** The tokenwatch user may use its topics and groups only; by default the tokenwatch topic names and `tokenwatch` groups. */
async function grantTokenwatchAcls(brokers: string, material: SecureBrokerMaterial, opts: LocalBrokerOptions): Promise<void> {
  await grantPrefixedAcls(
    { brokers: [brokers], ...adminClientSecurity(material) },
    {
      principal: `User:${SECURE_BROKER_USER}`,
      topicPrefixes: opts.secure?.topicPrefixes ?? ['gateway.access.v1', 'tokenwatch.'],
      groupPrefixes: opts.secure?.groupPrefixes ?? ['tokenwatch'],
    },
  );
}

async function assertPortsFree(ports: BrokerPorts, mtlsPort: number | null = null): Promise<void> {
  for (const [role, port] of [
    ['broker', ports.port],
    ['controller', ports.controllerPort],
    ...(mtlsPort === null ? [] : [['mTLS', mtlsPort] as const]),
  ] as const) {
    if (await isPortFree(port, BROKER_HOST)) continue;
    const kafka = role === 'broker' && (await probeBroker(brokerAddress(port), 1_500)) !== null;
    throw new LocalBrokerError(
      `Port ${port} on ${BROKER_HOST} is already in use by another process${kafka ? ' (a Kafka broker not started from this home)' : ''}, so the local broker cannot use it as its ${role} port`,
      kafka
        ? `set KAFKA_BROKERS=${brokerAddress(port)} to use that broker, or start the local one on another port (TOKENWATCH_KAFKA_PORT)`
        : `stop what listens there (see \`ss -ltnp | grep :${port}\`) or start the local broker on another port (TOKENWATCH_KAFKA_PORT)`,
    );
  }
}

/** Polls the broker until it answers metadata requests; fails fast when the process dies. */
async function waitUntilAnswering(
  pid: number,
  brokers: string,
  paths: BrokerPaths,
  { killOnTimeout, marks, security }: { killOnTimeout: boolean; marks?: LogMarks; security?: BrokerProbeSecurity },
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!isProcessAlive(pid)) {
      await removePidFile(paths.pidFile);
      throw new LocalBrokerError(
        `The Kafka broker (pid ${pid}) exited during start-up; last lines of its logs:\n${await logTails(paths, marks)}`,
        `read ${paths.serverLog} and ${paths.consoleLog}; if the data is damaged, delete ${paths.root} to start from empty storage`,
      );
    }
    if ((await probeBroker(brokers, 2_000, security)) !== null) return;
    if (Date.now() >= deadline) {
      if (killOnTimeout) {
        await terminateProcess(pid, 5_000);
        await removePidFile(paths.pidFile);
      }
      throw new LocalBrokerError(
        `The Kafka broker (pid ${pid}) did not answer on ${brokers} within ${START_TIMEOUT_MS / 1000} s${killOnTimeout ? ' and was stopped' : ''}; last lines of its logs:\n${await logTails(paths, marks)}`,
        `read ${paths.serverLog}${killOnTimeout ? '' : ', then run `tokenwatch kafka stop` and start it again'}`,
      );
    }
    await sleep(POLL_MS);
  }
}
