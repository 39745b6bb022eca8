import { FORMAT_NAMES, isFormatName, type FormatName, type GatewayAdapter } from '@tokenwatch/formats';

/** One entry of TOKENWATCH_INGEST_TOPICS; without a format the topic uses TOKENWATCH_INGEST_FORMAT. */
export interface IngestTopicSpec {
  topic: string;
  format?: FormatName;
}

/** A raw topic the normalize consumer reads, with the adapter of its format. */
export interface IngestInput {
  topic: string;
  /** Metrics label: the configured format name (a small, fixed set). */
  format: string;
  adapter: GatewayAdapter;
}

/** Kafka's own rule for topic names. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * Parses `topic[=format],…` (e.g. `gateway.kong.v1=kong,logs.aws=aws-apigw,raw.misc`). Throws an
 * Error whose message is one line naming the bad entry: an invalid topic name, an unknown format,
 * a topic listed twice, or an empty list.
 */
export function parseIngestTopics(text: string): IngestTopicSpec[] {
  const specs: IngestTopicSpec[] = [];
  const seen = new Set<string>();
  for (const entry of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const parts = entry.split('=').map((s) => s.trim());
    if (parts.length > 2) throw new Error(`"${entry}": expected topic or topic=format`);
    const [topic = '', format] = parts;
    if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
      throw new Error(`"${topic}" is not a valid Kafka topic name (letters, digits, ".", "_", "-"; at most 249)`);
    }
    if (seen.has(topic)) throw new Error(`topic "${topic}" is listed twice`);
    seen.add(topic);
    if (format === undefined) {
      specs.push({ topic });
      continue;
    }
    if (!isFormatName(format)) throw new Error(`unknown format "${format}" for topic "${topic}"; expected one of ${FORMAT_NAMES.join(', ')}`);
    specs.push({ topic, format });
  }
  if (specs.length === 0) throw new Error('no topic listed (unset the variable to read the default raw topic)');
  return specs;
}
