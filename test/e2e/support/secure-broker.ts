import { createServer } from 'node:net';
import { startLocalBroker, stopLocalBroker, type LocalBrokerStatus, type SecureBrokerOptions } from '@tokenwatch/kafka';

export interface SecureBroker {
  status: LocalBrokerStatus;
  /** KAFKA_BROKERS and the SASL_SSL settings of the tokenwatch user. */
  clientEnv: Record<string, string>;
  /** The same through the mTLS listener, with the tokenwatch client certificate instead of a password. */
  mtlsClientEnv: Record<string, string>;
  port: number;
  stop: () => Promise<void>;
}

/**
 * The SASL_SSL local broker (`tokenwatch kafka start --secure`) in `home`, on two free ports so that
 * it never meets the shared PLAINTEXT broker of the other e2e files.
 */
export async function startSecureBroker(home: string, secure: SecureBrokerOptions): Promise<SecureBroker> {
  const [port, controllerPort, mtlsPort] = await freePorts(3);
  const options = { home, port: port!, controllerPort: controllerPort!, heapMb: 384, secure: { ...secure, mtlsPort: mtlsPort! } };
  const status = await startLocalBroker({ ...options, onProgress: (line) => process.stderr.write(`secure broker: ${line}\n`) });
  const stop = async () => void (await stopLocalBroker(options));
  return { status, clientEnv: status.clientEnv ?? {}, mtlsClientEnv: status.mtlsClientEnv ?? {}, port: port!, stop };
}

/** Ports the kernel hands out now, all held at once so that they differ. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
