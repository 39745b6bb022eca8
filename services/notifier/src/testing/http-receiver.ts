import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  raw: Buffer;
  body: string;
  json: unknown;
  /** Wall-clock arrival time (ms). */
  at: number;
  /** The status this receiver answered with. */
  status: number;
}

export interface ScriptedResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (simulates a slow receiver / timeout). */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  requests: RecordedRequest[];
  /** Contract violations found by `validate`, one line each. */
  problems: string[];
  /** Answers for the next requests, in order; after them the default answer. */
  script(...responses: ScriptedResponse[]): void;
  /** Resolves when the next request has arrived, before it is answered. */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** Answer when nothing is scripted. */
  respond: ScriptedResponse;
  /** Returns contract problems of a request (empty when fine). */
  validate?: (req: RecordedRequest) => string[];
}

/** A real HTTP server on 127.0.0.1 with a random port that records requests and answers as scripted. */
export async function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const queue: ScriptedResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let waiters: Array<(req: RecordedRequest) => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const answer = queue.shift() ?? opts.respond;
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw,
        body,
        json,
        at: Date.now(),
        status: answer.status,
      };
      requests.push(recorded);
      problems.push(...(opts.validate?.(recorded) ?? []));
      const waiting = waiters;
      waiters = [];
      for (const wake of waiting) wake(recorded);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    script: (...responses) => queue.push(...responses),
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
