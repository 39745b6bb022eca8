import { gunzipSync } from 'node:zlib';
import { MAX_MESSAGE_CHARS } from '@tokenwatch/formats';
import { dlq, ok, type StageResult } from './stage-result';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Message bytes -> text. Gzipped messages (CloudWatch Logs subscription payloads) are inflated,
 * up to a bound so that a small bomb cannot exhaust memory; an empty message is empty text (the
 * normalize stage rejects it with its reason).
 */
export function decodeMessage(value: Buffer | null): StageResult<string> {
  if (!value) return ok('');
  if (value.length >= 2 && value[0] === GZIP_MAGIC[0] && value[1] === GZIP_MAGIC[1]) {
    try {
      return ok(gunzipSync(value, { maxOutputLength: MAX_MESSAGE_CHARS * 4 }).toString('utf8'));
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return dlq(tooLarge ? 'message too large: gzip payload inflates past the limit' : 'invalid gzip: cannot inflate');
    }
  }
  return ok(value.toString('utf8'));
}
