import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  port: number;
  close(): Promise<void>;
}

/**
 * The API behind the gateway, on 127.0.0.1: `/health` answers 200 to anyone; every other route
 * answers 401 without a credential (header or query), 201 to a POST and 200 otherwise.
 */
export async function startApiUpstream(): Promise<Upstream> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = statusFor(req);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function statusFor(req: IncomingMessage): number {
  const url = new URL(req.url ?? '/', 'http://upstream');
  if (url.pathname === '/health') return 200;
  const credential = req.headers['x-api-key'] ?? req.headers['apikey'] ?? req.headers['authorization'] ?? url.searchParams.get('api_key');
  if (!credential) return 401;
  return req.method === 'POST' ? 201 : 200;
}
