import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrokerPaths } from './broker-paths';

/** The pid recorded in a pid file, or null when there is none or it is unreadable. */
export async function readPidFile(path: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export async function writePidFile(path: string, pid: number): Promise<void> {
  await writeFile(path, `${pid}\n`);
}

export async function removePidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..." where S is the state; comm may contain spaces or parens.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (not Linux): trust the signal probe
  }
}

/**
 * Whether the live process `pid` is the broker started with `propertiesFile`, so that a pid reused by
 * an unrelated process after a reboot is never signalled. Without /proc it trusts the pid file.
 */
export function isBrokerProcess(pid: number, propertiesFile: string): boolean {
  if (!isProcessAlive(pid)) return false;
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return process.platform !== 'linux';
  }
  const config = args[args.indexOf('kafka.Kafka') + 1];
  return args.includes('kafka.Kafka') && config !== undefined && samePath(config, propertiesFile);
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b); // the same home reached through a symlink
  } catch {
    return false;
  }
}

/** Whether a TCP listener could bind `host:port` right now (nothing else holds it). */
export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

export interface SpawnBrokerOptions {
  java: string;
  libDir: string;
  log4jConfig: string;
  logsDir: string;
  consoleLog: string;
  propertiesFile: string;
  heapMb: number;
  cwd: string;
}

/** JVM arguments for the broker: heap, Kafka's usual G1 settings, the log config, the classpath. */
export function brokerJvmArgs(opts: Omit<SpawnBrokerOptions, 'java' | 'consoleLog' | 'cwd'>): string[] {
  return [
    `-Xmx${opts.heapMb}m`,
    `-Xms${Math.min(opts.heapMb, 256)}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${opts.log4jConfig}`,
    `-Dkafka.logs.dir=${opts.logsDir}`,
    '-cp',
    `${opts.libDir}/*`,
    'kafka.Kafka',
    opts.propertiesFile,
  ];
}

/**
 * Starts the broker JVM detached from this process (it outlives the CLI), with stdout and stderr
 * appended to the console log. Returns its pid.
 */
export function spawnBroker(opts: SpawnBrokerOptions): number {
  const fd = openSync(opts.consoleLog, 'a');
  try {
    const child = spawn(opts.java, brokerJvmArgs(opts), {
      cwd: opts.cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.on('error', () => undefined); // reported through the missing pid / the start poll
    child.unref();
    if (child.pid === undefined) throw new Error(`could not spawn ${opts.java}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** The broker of `paths` (its properties, logs and pid file), started with `heapMb` of heap; returns its pid. */
export async function startBrokerIn(jvm: { java: string; libDir: string; log4jConfig: string }, paths: BrokerPaths, heapMb: number): Promise<number> {
  const pid = spawnBroker({
    ...jvm,
    logsDir: paths.logsDir,
    consoleLog: paths.consoleLog,
    propertiesFile: paths.propertiesFile,
    heapMb,
    cwd: paths.root,
  });
  await writePidFile(paths.pidFile, pid);
  return pid;
}

/** Polls until `pid` is gone; true when it exited within `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. Resolves once it is gone. */
export async function terminateProcess(pid: number, graceMs: number): Promise<'exited' | 'killed' | 'stuck'> {
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  if (await waitForExit(pid, graceMs)) return 'exited';
  signal('SIGKILL');
  return (await waitForExit(pid, 5_000)) ? 'killed' : 'stuck';
}
