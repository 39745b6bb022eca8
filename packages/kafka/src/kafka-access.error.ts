import { TokenwatchError } from '@tokenwatch/common';
import type { KafkaSecurity } from './kafka-security';
import { currentTokenClaims } from './oauthbearer-claims';

/**
 * A Kafka failure that retrying will not fix (credentials, trust, names, permissions, or a cluster
 * still unreachable after the wait), phrased as one line saying what is wrong and a hint (its
 * `context.hint`) saying which setting to fix: code KAFKA_ACCESS_FAILED, not retriable. The CLI
 * prints both and exits 1.
 */
export class KafkaAccessError extends TokenwatchError {
  constructor(message: string, hint: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'KAFKA_ACCESS_FAILED', retriable: false, context: { hint }, cause: options.cause });
  }

  /** What to do about it: the context's hint. */
  get hint(): string {
    return this.context.hint ?? '';
  }
}

export interface KafkaErrorContext {
  brokers: string[];
  security?: KafkaSecurity;
  /** What the process was doing, for permission errors: its topics and consumer groups. */
  topics?: string[];
  groups?: string[];
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** TLS alerts a broker sends when it requires a client certificate (mTLS) and got none it trusts. */
const CLIENT_CERT_REFUSED = /CERTIFICATE_REQUIRED|certificate required|ALERT_BAD_CERTIFICATE|alert bad certificate|ALERT_UNKNOWN_CA|alert unknown ca/i;

interface ErrorFacts {
  name?: string;
  type?: string;
  code?: string;
  message: string;
  broker?: string;
}

/** The error and everything it wraps (kafkajs nests the real reason in `cause`, `originalError` or `errors`). */
function chain(error: unknown, depth = 0): ErrorFacts[] {
  if (typeof error !== 'object' || error === null || depth > 6) return [];
  const e = error as Record<string, unknown>;
  const facts: ErrorFacts = { message: typeof e['message'] === 'string' ? e['message'] : '' };
  for (const key of ['name', 'type', 'code', 'broker'] as const) if (typeof e[key] === 'string') facts[key] = e[key];
  const nested = [e['cause'], e['originalError'], ...(Array.isArray(e['errors']) ? e['errors'] : [])];
  return [facts, ...nested.flatMap((inner) => chain(inner, depth + 1))];
}

/**
 * The clear version of a kafkajs error whose cause is a setting (wrong password, untrusted CA,
 * server-name mismatch, missing ACL, a TLS/plaintext mix-up), or undefined for any other error.
 */
export function explainKafkaError(error: unknown, context: KafkaErrorContext): KafkaAccessError | undefined {
  const own = nestedAccessError(error);
  if (own) return own;
  const facts = chain(error);
  const find = (test: (f: ErrorFacts) => boolean) => facts.find(test);
  const at = find((f) => f.broker !== undefined)?.broker ?? context.brokers.join(',');
  const make = (message: string, hint: string) => new KafkaAccessError(message, hint, { cause: error });
  const sasl = context.security?.sasl;
  const caFile = context.security?.tls?.caFile;

  if (find((f) => /mechanism is not supported by the server/i.test(f.message) || f.type === 'UNSUPPORTED_SASL_MECHANISM')) {
    return make(
      `the Kafka broker at ${at} does not offer SASL mechanism ${sasl?.mechanism ?? '(none)'}`,
      'set KAFKA_SASL_MECHANISM to one the cluster enables (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER)',
    );
  }
  const oauthBearer = context.security?.oauthBearer;
  const claims = oauthBearer ? currentTokenClaims(oauthBearer) : {};
  const refusedAuth = find((f) => f.name === 'KafkaJSSASLAuthenticationError' || f.type === 'SASL_AUTHENTICATION_FAILED');
  if (refusedAuth && oauthBearer) {
    const setting =
      oauthBearer.tokenFile === undefined ? 'KAFKA_SASL_OAUTHBEARER_TOKEN' : `the token KAFKA_SASL_OAUTHBEARER_TOKEN_FILE (${oauthBearer.tokenFile}) holds`;
    const expired = claims.exp !== undefined && claims.exp * 1000 <= Date.now() ? `: the token expired at ${new Date(claims.exp * 1000).toISOString()}` : '';
    return make(
      `SASL OAUTHBEARER authentication failed${claims.sub === undefined ? '' : ` for principal ${claims.sub}`} at ${at}${expired}`,
      `check ${setting}: the broker refuses expired tokens and those its validator does not accept`,
    );
  }
  if (refusedAuth) {
    return make(
      `SASL authentication failed for user ${sasl?.username ?? '(none)'} (${sasl?.mechanism ?? 'no mechanism'}) at ${at}`,
      'check KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD (and KAFKA_SASL_MECHANISM)',
    );
  }
  const tls = find((f) => f.code !== undefined && (UNTRUSTED.has(f.code) || EXPIRED.has(f.code) || f.code === 'ERR_TLS_CERT_ALTNAME_INVALID'));
  if (tls?.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return make(
      `the TLS certificate of the Kafka broker at ${at} does not name the host it was reached by (${reason(tls.message)})`,
      'use in KAFKA_BROKERS a host name the certificate names; KAFKA_SSL_VERIFY_HOSTNAME=false accepts any name on a trusted certificate',
    );
  }
  if (tls?.code !== undefined && EXPIRED.has(tls.code)) {
    return make(
      `the TLS certificate of the Kafka broker at ${at} is not valid now (${reason(tls.message)})`,
      "renew the broker certificate, or check this machine's clock",
    );
  }
  if (tls) {
    return make(
      `the TLS certificate of the Kafka broker at ${at} is not trusted (${reason(tls.message)})`,
      caFile
        ? `KAFKA_SSL_CA_FILE (${caFile}) does not hold the CA that signed it; point it at the cluster's CA bundle`
        : "set KAFKA_SSL_CA_FILE to the cluster's CA bundle (PEM)",
    );
  }
  const refused = find((f) => CLIENT_CERT_REFUSED.test(`${f.code ?? ''} ${f.message}`));
  if (refused) {
    return make(
      `the Kafka broker at ${at} refused the TLS connection without a client certificate it trusts (${reason(refused.message) || refused.code})`,
      "set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE to a certificate and key the cluster's CA signed (mutual TLS)",
    );
  }
  if (find((f) => /wrong version number|packet length too long|unknown protocol|ERR_SSL_/i.test(`${f.code ?? ''} ${f.message}`))) {
    return make(
      `the Kafka broker at ${at} did not answer the TLS handshake`,
      'this port does not speak TLS: check KAFKA_SECURITY_PROTOCOL and the port in KAFKA_BROKERS',
    );
  }
  const principal = sasl?.username ?? claims.sub;
  const user = principal === undefined ? 'this client' : `user ${principal}`;
  if (find((f) => f.type === 'TOPIC_AUTHORIZATION_FAILED')) {
    return make(
      `Kafka denied ${user} access to a topic${list(context.topics)}`,
      'grant it READ, WRITE, CREATE and DESCRIBE on the tokenwatch topics (a PREFIXED ACL on TOKENWATCH_TOPIC_PREFIX), or set TOKENWATCH_TOPIC_PREFIX to a prefix it may use',
    );
  }
  if (find((f) => f.type === 'GROUP_AUTHORIZATION_FAILED')) {
    return make(
      `Kafka denied ${user} access to a consumer group${list(context.groups)}`,
      'grant it READ and DESCRIBE on groups prefixed TOKENWATCH_GROUP_PREFIX (a PREFIXED group ACL), or set TOKENWATCH_GROUP_PREFIX to one it may use',
    );
  }
  if (find((f) => f.type === 'CLUSTER_AUTHORIZATION_FAILED')) {
    return make(`Kafka denied ${user} a cluster operation`, 'grant it the cluster permission named in the broker log, or create the topics beforehand');
  }
  return undefined;
}

/** A KafkaAccessError of our own (the OAUTHBEARER token provider's) that kafkajs may have wrapped. */
function nestedAccessError(error: unknown, depth = 0): KafkaAccessError | undefined {
  if (error instanceof KafkaAccessError) return error;
  if (typeof error !== 'object' || error === null || depth > 6) return undefined;
  const e = error as Record<string, unknown>;
  return [e['cause'], e['originalError']].map((inner) => nestedAccessError(inner, depth + 1)).find((found) => found !== undefined);
}

/** The cause in a few words, on one line: OpenSSL's "…:SSL routines:fn:sslv3 alert bad certificate:file:line:…" becomes its reason. */
function reason(message: string): string {
  const text = message.replace(/^(Connection error|Failed to connect):\s*/i, '');
  const openssl = /SSL routines:[^:]*:([^:]+):/.exec(text)?.[1];
  return (openssl ?? text).replace(/\s+/g, ' ').trim();
}

function list(names: string[] | undefined): string {
  return names && names.length > 0 ? ` (it uses ${names.join(', ')})` : '';
}
