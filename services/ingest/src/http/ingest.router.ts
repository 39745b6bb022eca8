import express, { type Request, type Response, type Router } from 'express';
import type { AccessEvent, TopicSet } from '@tokenwatch/contracts';
import { adapterFor, isFormatName, type AdapterForOptions, type FormatName, type GatewayAdapter } from '@tokenwatch/formats';
import type { MessageProducer } from '@tokenwatch/kafka';
import type { Logger } from '@tokenwatch/observability';
import { normalizeMessages, publishBatch, reasonLabel, type EnrichState } from '@tokenwatch/pipeline';
import { StoreUnavailableError } from '../consumers/event-store';
import { deadLetterSink, eventsTopicSink } from '../consumers/kafka-sinks';
import type { IngestMetrics } from '../ingest.metrics';
import { bodyToMessages } from './ingest-body';

export interface HttpIngestDeps {
  producer: MessageProducer;
  topics: TopicSet;
  fingerprintKey: string | Uint8Array;
  adapterOptions: AdapterForOptions;
  normalizeState: EnrichState;
  /** Scores the events in this process (TOKENWATCH_EVENTS_HOP=memory) instead of putting them on the events topic. */
  submit?: (events: AccessEvent[]) => Promise<void>;
  /** With `submit`: false while ClickHouse is failing, when a request is answered 503 before anything is written. */
  storeAvailable?: () => boolean;
  metrics: IngestMetrics;
  log: Logger;
  now?: () => number;
  maxBodyBytes?: number;
}

/**
 * `POST /ingest/:format`: one record, a JSON array of records, or NDJSON / text lines. Events go to
 * the events topic keyed by fingerprint (or, with `submit`, are scored and stored in this process),
 * rejected records to the raw dead-letter topic; the answer comes once both are durable, so a 200
 * means nothing can be lost and a 503 means "retry". Scored in this process, the events are in no
 * topic: while ClickHouse is failing a request is refused at once (503) rather than held for the outage.
 * Authentication is the API app's: mount it as an `ingestRouters` entry, behind the `ingest` role, whose
 * failed attempts are rate-limited like `/api`'s.
 */
export function createIngestRouter(deps: HttpIngestDeps): Router {
  const router = express.Router();
  const adapters = new Map<FormatName, GatewayAdapter>();
  const now = deps.now ?? Date.now;
  const sinks = {
    events: deps.submit ?? eventsTopicSink(deps.producer, deps.topics.events),
    deadLetters: deadLetterSink(deps.producer, deps.topics.rawAccessDlq),
  };

  router.post('/ingest/:format', express.text({ type: () => true, limit: deps.maxBodyBytes ?? 10 * 1024 * 1024 }), async (req: Request, res: Response) => {
    const format = String(req.params['format']);
    if (!isFormatName(format) || format === 'custom') {
      res.status(404).json({ error: `unknown format "${format}"` });
      return;
    }
    if (deps.storeAvailable?.() === false) {
      unavailable(res, 'ClickHouse');
      return;
    }
    const adapter = adapters.get(format) ?? adapters.set(format, adapterFor(format, deps.adapterOptions)).get(format)!;
    const body = typeof req.body === 'string' ? req.body : '';
    const messages = bodyToMessages(body, `http:/ingest/${format}`, now());
    const { events, deadLetters } = normalizeMessages(messages, adapter, { fingerprintKey: deps.fingerprintKey, now: now() }, deps.normalizeState);
    try {
      await publishBatch({ events, deadLetters }, sinks, now());
    } catch (error) {
      const store = error instanceof StoreUnavailableError;
      deps.log.warn({ err: error }, `HTTP ingest could not write to ${store ? 'ClickHouse' : 'Kafka'}`);
      unavailable(res, store ? 'ClickHouse' : 'Kafka');
      return;
    }
    deps.metrics.recordsIn.inc({ stage: 'http' }, messages.length);
    deps.metrics.eventsOut.inc({ stage: 'http' }, events.length);
    for (const letter of deadLetters) deps.metrics.rejections.inc({ stage: 'http', reason: reasonLabel(letter.reason), format });
    res.json({
      accepted: events.length,
      rejected: deadLetters.map((letter) => ({ message: Number(letter.message.offset), reason: letter.reason })),
    });
  });
  return router;
}

function unavailable(res: Response, what: 'Kafka' | 'ClickHouse'): void {
  res
    .status(503)
    .set('Retry-After', '5')
    .json({ error: `${what} is unavailable; retry later` });
}
