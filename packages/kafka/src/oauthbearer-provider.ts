import { readFile } from 'node:fs/promises';
import type { OauthbearerProviderResponse } from 'kafkajs';
import type { KafkaOAuthBearer } from '@tokenwatch/config';
import { KafkaAccessError } from './kafka-access.error';

/**
 * kafkajs calls this on every (re)authentication of every connection. A token file is read again
 * each time, so that a sidecar or a Kubernetes projected token that rewrites it is picked up
 * without a restart; an inline token stays as it was at start.
 */
export function oauthBearerProvider(oauthBearer: KafkaOAuthBearer): () => Promise<OauthbearerProviderResponse> {
  const { token, tokenFile } = oauthBearer;
  if (tokenFile === undefined) return () => Promise.resolve({ value: token.reveal() });
  return async () => {
    let text: string;
    try {
      text = await readFile(tokenFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new KafkaAccessError(
        `cannot read the OAUTHBEARER token file ${tokenFile} (${code})`,
        'check KAFKA_SASL_OAUTHBEARER_TOKEN_FILE and whatever writes the token there',
        { cause: error },
      );
    }
    const value = text.trim();
    if (value === '')
      throw new KafkaAccessError(
        `the OAUTHBEARER token file ${tokenFile} is empty`,
        'check KAFKA_SASL_OAUTHBEARER_TOKEN_FILE and whatever writes the token there',
      );
    return { value };
  };
}
