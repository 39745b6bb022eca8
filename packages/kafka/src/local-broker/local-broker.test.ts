import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBrokerError, localBrokerStatus, startLocalBroker, stopLocalBroker } from './index';

/** Two ports that were free a moment ago (the kernel picks them; both are released before use). */
async function freePortPair(): Promise<{ port: number; controllerPort: number }> {
  const servers = [createServer(), createServer()];
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return { port: ports[0] ?? 0, controllerPort: ports[1] ?? 0 };
}

const homes: string[] = [];
async function tempHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'tokenwatch-local-broker-'));
  homes.push(home);
  return home;
}

describe('local Kafka broker', () => {
  let home: string;
  let ports: { port: number; controllerPort: number };

  beforeAll(async () => {
    home = await tempHome();
    ports = await freePortPair();
  });

  afterAll(async () => {
    // Never leave a JVM behind, whatever failed above.
    for (const dir of homes) await stopLocalBroker({ home: dir }).catch(() => undefined);
    for (const dir of homes) await rm(dir, { recursive: true, force: true });
  });

  it('starts, is idempotent, reports status and stops', { timeout: 180_000 }, async () => {
    const progress: string[] = [];
    const opts = { home, ...ports, onProgress: (line: string) => progress.push(line) };
    const brokers = `127.0.0.1:${ports.port}`;

    const started = await startLocalBroker(opts);
    expect(started).toMatchObject({ running: true, answering: true, brokers, dataDir: join(home, 'kafka') });
    expect(started.pid).toBeGreaterThan(0);
    expect(progress.some((line) => line.startsWith('Kafka broker ready'))).toBe(true);
    expect(existsSync(join(home, 'kafka', 'data', 'meta.properties'))).toBe(true);
    expect(existsSync(join(home, 'kafka', 'logs', 'server.log'))).toBe(true);

    const status = await localBrokerStatus(opts);
    expect(status).toEqual({ running: true, pid: started.pid, brokers, dataDir: join(home, 'kafka'), answering: true });

    const t0 = Date.now();
    const again = await startLocalBroker(opts);
    expect(again.pid).toBe(started.pid);
    expect(again.answering).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5_000);

    // Status without ports reports where the running broker listens.
    expect((await localBrokerStatus({ home })).brokers).toBe(brokers);

    expect(await stopLocalBroker(opts)).toEqual({ wasRunning: true });
    expect(existsSync(join(home, 'kafka', 'broker.pid'))).toBe(false);
    expect(await localBrokerStatus(opts)).toMatchObject({ running: false, pid: null, answering: false });
    expect(await stopLocalBroker(opts)).toEqual({ wasRunning: false });
  });

  it('refuses a port held by another listener, naming the port', async () => {
    const other = await freePortPair();
    const holder = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => holder.listen(other.port, '127.0.0.1', resolve));
    try {
      const error = await startLocalBroker({ home: await tempHome(), ...other }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LocalBrokerError);
      expect((error as LocalBrokerError).message).toContain(String(other.port));
      expect((error as LocalBrokerError).hint).not.toBe('');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('cleans a stale pid file', async () => {
    const staleHome = await tempHome();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await mkdir(join(staleHome, 'kafka'), { recursive: true });
    await writeFile(join(staleHome, 'kafka', 'broker.pid'), `${dead}\n`);
    const status = await localBrokerStatus({ home: staleHome, ...(await freePortPair()) });
    expect(status).toMatchObject({ running: false, pid: null, answering: false });
    expect(existsSync(join(staleHome, 'kafka', 'broker.pid'))).toBe(false);
  });

  it('reports a broker that dies during start-up with its log', { timeout: 120_000 }, async () => {
    const deadHome = await tempHome();
    // A 1 MB heap makes the JVM exit right away.
    const error = await startLocalBroker({ home: deadHome, ...(await freePortPair()), heapMb: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalBrokerError);
    expect((error as LocalBrokerError).message).toContain('exited during start-up');
    expect((error as LocalBrokerError).message).toContain('heap');
    expect(existsSync(join(deadHome, 'kafka', 'broker.pid'))).toBe(false);
  });
});
