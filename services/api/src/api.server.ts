import type { Server } from 'node:http';
import { TokenwatchError } from '@tokenwatch/common';
import type { Express } from 'express';

export class PortInUseError extends TokenwatchError {
  constructor(host: string, port: number) {
    super(`port ${host}:${port} is already in use: stop the other process or set TOKENWATCH_API_PORT to a free port`, {
      code: 'PORT_IN_USE',
      context: { host, port },
    });
  }
}

export interface RunningServer {
  url: string;
  /** Stops accepting connections and closes idle ones; resolves once in-flight requests finished. */
  close(): Promise<void>;
}

export function listen(app: Express, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    });
    server.once('listening', () => {
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host}:${boundPort}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
