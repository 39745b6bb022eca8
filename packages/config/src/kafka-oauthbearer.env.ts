import type { z } from 'zod';
import type { Secret } from './secret';
import { readSecretSetting, secretFields } from './secret-env';

/** A SASL/OAUTHBEARER token: from KAFKA_SASL_OAUTHBEARER_TOKEN, or from the file KAFKA_SASL_OAUTHBEARER_TOKEN_FILE. */
export interface KafkaOAuthBearer {
  /** The token as it was at start (checked then); with `tokenFile`, clients read the file again on every authentication. */
  token: Secret;
  /** Set when the token comes from a file that a sidecar or a projected volume may refresh. */
  tokenFile?: string;
}

export const oauthBearerFields = secretFields('KAFKA_SASL_OAUTHBEARER_TOKEN');
export const OAUTHBEARER_VARIABLES = Object.keys(oauthBearerFields) as Array<keyof typeof oauthBearerFields>;

/**
 * A bearer token's characters (RFC 6750 b64token): a compact JWT (header.payload.signature) fits, and so
 * do the non-JWT tokens some services sign (Amazon MSK's), which is why this is not a JWT check.
 */
export const BEARER_TOKEN = /^[\w.~+/-]+=*$/;

/**
 * The token settings of KAFKA_SASL_MECHANISM=OAUTHBEARER, checked at start: one is required, and
 * what it holds must be a bearer token on one line. Issues name the variable, never the token.
 */
export function oauthBearerFrom(env: Record<string, unknown>, protocol: string, ctx: z.RefinementCtx): KafkaOAuthBearer | undefined {
  const token = readSecretSetting(env, 'KAFKA_SASL_OAUTHBEARER_TOKEN', ctx);
  const setting = (name: string) => (typeof env[name] === 'string' && env[name] !== '' ? env[name] : undefined);
  const tokenFile = setting('KAFKA_SASL_OAUTHBEARER_TOKEN_FILE');
  if (token === undefined) {
    // A file that cannot be read, or both settings, is already an issue of readSecretSetting.
    if (tokenFile === undefined && setting('KAFKA_SASL_OAUTHBEARER_TOKEN') === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_OAUTHBEARER_TOKEN'],
        message: `required with KAFKA_SASL_MECHANISM=OAUTHBEARER and KAFKA_SECURITY_PROTOCOL=${protocol} (or KAFKA_SASL_OAUTHBEARER_TOKEN_FILE)`,
      });
    }
    return undefined;
  }
  if (!BEARER_TOKEN.test(token.reveal().trim())) {
    const variable = tokenFile === undefined ? 'KAFKA_SASL_OAUTHBEARER_TOKEN' : 'KAFKA_SASL_OAUTHBEARER_TOKEN_FILE';
    const what = tokenFile === undefined ? 'is not' : `${tokenFile} does not hold`;
    ctx.addIssue({ code: 'custom', path: [variable], message: `${what} a bearer token on one line (a compact JWT: header.payload.signature)` });
    return undefined;
  }
  return tokenFile === undefined ? { token } : { token, tokenFile };
}
