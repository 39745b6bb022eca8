import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';

export interface GatewayProcess {
  /** What the server wrote on stderr (and stdout, unless it went to a file), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface GatewayStart {
  binary: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** The port the server listens on, on 127.0.0.1: it is up once a connection is accepted. */
  port: number;
  /** Files the server writes to through inherited descriptors, by number: 1 is stdout (HAProxy's `log stdout`, `log fd@3`). */
  fdFiles?: Record<number, string>;
}

/**
 * Starts a real gateway server as a foreground child of the test (never a daemon) and waits until
 * it accepts connections. The environment gets a fixed, non-UTC time zone: nothing may depend on it.
 */
export async function startGateway({ binary, args, cwd, env = {}, port, fdFiles = {} }: GatewayStart): Promise<GatewayProcess> {
  const stdio: Array<'ignore' | 'pipe' | number> = ['ignore', 'pipe', 'pipe'];
  for (const [fd, file] of Object.entries(fdFiles)) stdio[Number(fd)] = openSync(file, 'a');
  for (let fd = 0; fd < stdio.length; fd++) stdio[fd] ??= 'ignore';
  const child = spawn(binary, args, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, TZ: 'Asia/Kathmandu', ...env }, stdio });
  for (const fd of Object.keys(fdFiles)) closeSync(stdio[Number(fd)] as number);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  // A missing binary emits 'error' and never 'exit'.
  child.once('error', (error) => (output += `cannot run ${binary}: ${error.message} (.ci/run installs the Debian package)\n`));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const handle: GatewayProcess = { output: () => output, stop: () => stopChild(child, exited) };
  try {
    await waitForPort(port, exited, () => output);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

async function waitForPort(port: number, exited: Promise<void>, output: () => string, timeoutMs = 20_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the gateway exited before it listened on ${port}:\n${output()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the gateway did not listen on ${port} within ${timeoutMs} ms:\n${output()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
