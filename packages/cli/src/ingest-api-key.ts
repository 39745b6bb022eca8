import { parseApiKeys, type ApiKey } from '@tokenwatch/api';

/**
 * TOKENWATCH_INGEST_KEY as an API key of the `ingest` role, so `POST /ingest/:format` goes through the
 * same authentication as `/api` (constant-time compare, failed attempts rate-limited per client).
 */
export function ingestApiKeys(ingestKey: string | undefined): ApiKey[] {
  return ingestKey ? parseApiKeys({ TOKENWATCH_API_KEYS: `ingest:${ingestKey}` }) : [];
}
