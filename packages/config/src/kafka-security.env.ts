import { z } from 'zod';
import { oauthBearerFields, oauthBearerFrom, OAUTHBEARER_VARIABLES, type KafkaOAuthBearer } from './kafka-oauthbearer.env';
import { Secret } from './secret';
import { readSecretSetting, readSettingFile, secretFields } from './secret-env';

export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];
/** The mechanisms that authenticate with a user name and password. */
export type KafkaPasswordMechanism = Exclude<KafkaSaslMechanism, 'OAUTHBEARER'>;

/** How every Kafka client of a process authenticates and encrypts: the result of the KAFKA_* security settings. */
export interface KafkaSecurity {
  protocol: KafkaSecurityProtocol;
  /** With SASL_PLAINTEXT and SASL_SSL and a password mechanism. */
  sasl?: { mechanism: KafkaPasswordMechanism; username: string; password: Secret };
  /** With SASL_PLAINTEXT and SASL_SSL and KAFKA_SASL_MECHANISM=OAUTHBEARER, instead of `sasl`. */
  oauthBearer?: KafkaOAuthBearer;
  /** With SSL and SASL_SSL. `ca` unset: the system's trusted CAs (managed services use public ones). */
  tls?: { ca?: string; caFile?: string; cert?: string; key?: Secret; verifyHostname: boolean };
}

export const PLAINTEXT_KAFKA: KafkaSecurity = { protocol: 'PLAINTEXT' };

// A blank value counts as unset: compose files pass optional settings as `${NAME:-}`.
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const upper = (v: unknown) => (typeof v === 'string' ? blank(v.trim().toUpperCase()) : v);
const optionalPath = z.preprocess(blank, z.string().optional());

/** The KAFKA_* security variables, to spread into a service's env schema; turn them into a KafkaSecurity with kafkaSecurityFrom. */
export const kafkaSecurityFields = {
  KAFKA_SECURITY_PROTOCOL: z.preprocess(upper, z.enum(KAFKA_SECURITY_PROTOCOLS).default('PLAINTEXT')),
  KAFKA_SASL_MECHANISM: z.preprocess(upper, z.enum(KAFKA_SASL_MECHANISMS).optional()),
  ...secretFields('KAFKA_SASL_USERNAME'),
  ...secretFields('KAFKA_SASL_PASSWORD'),
  ...oauthBearerFields,
  KAFKA_SSL_CA_FILE: optionalPath,
  KAFKA_SSL_CERT_FILE: optionalPath,
  KAFKA_SSL_KEY_FILE: optionalPath,
  KAFKA_SSL_VERIFY_HOSTNAME: z.preprocess((v) => blank(typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['true', 'false']).optional()),
};
export const KAFKA_SECURITY_VARIABLES = Object.keys(kafkaSecurityFields) as Array<keyof typeof kafkaSecurityFields>;

type KafkaSecurityEnv = z.output<z.ZodObject<typeof kafkaSecurityFields>>;

const PASSWORD_VARIABLES = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_USERNAME_FILE', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const;
const SASL_VARIABLES = [
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_USERNAME_FILE',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_PASSWORD_FILE',
  ...OAUTHBEARER_VARIABLES,
] as const;
const TLS_VARIABLES = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE', 'KAFKA_SSL_VERIFY_HOSTNAME'] as const;

/**
 * Checks the security settings together (a SASL or TLS setting the protocol would ignore is a
 * mistake, not a no-op: it would connect unauthenticated or in clear text) and reads their files.
 */
export function kafkaSecurityFrom(env: KafkaSecurityEnv, ctx: z.RefinementCtx): KafkaSecurity {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const isSet = (name: keyof KafkaSecurityEnv) => env[name] !== undefined && env[name] !== '';
  const security: KafkaSecurity = { protocol };

  if (usesSasl && env.KAFKA_SASL_MECHANISM === 'OAUTHBEARER') {
    for (const name of PASSWORD_VARIABLES) {
      if (isSet(name)) issue(name, 'is set, but KAFKA_SASL_MECHANISM is OAUTHBEARER: the token names the principal; unset it');
    }
    const oauthBearer = oauthBearerFrom(env, protocol, ctx);
    if (oauthBearer) security.oauthBearer = oauthBearer;
  } else if (usesSasl) {
    const mechanism = env.KAFKA_SASL_MECHANISM;
    for (const name of OAUTHBEARER_VARIABLES) {
      if (isSet(name))
        issue(name, `is set, but KAFKA_SASL_MECHANISM is ${mechanism ?? 'unset'}; set KAFKA_SASL_MECHANISM=OAUTHBEARER to authenticate with a token`);
    }
    const username = readSecretSetting(env, 'KAFKA_SASL_USERNAME', ctx);
    const password = readSecretSetting(env, 'KAFKA_SASL_PASSWORD', ctx);
    const needs = `required with KAFKA_SECURITY_PROTOCOL=${protocol}`;
    if (!mechanism) issue('KAFKA_SASL_MECHANISM', `${needs} (${KAFKA_SASL_MECHANISMS.join(', ')})`);
    if (!username && !isSet('KAFKA_SASL_USERNAME_FILE')) issue('KAFKA_SASL_USERNAME', `${needs} (or KAFKA_SASL_USERNAME_FILE)`);
    if (!password && !isSet('KAFKA_SASL_PASSWORD_FILE')) issue('KAFKA_SASL_PASSWORD', `${needs} (or KAFKA_SASL_PASSWORD_FILE)`);
    if (mechanism && mechanism !== 'OAUTHBEARER' && username && password) security.sasl = { mechanism, username: username.reveal(), password };
  } else {
    for (const name of SASL_VARIABLES) {
      if (isSet(name)) issue(name, `is set, but KAFKA_SECURITY_PROTOCOL is ${protocol}; use SASL_SSL (or SASL_PLAINTEXT) to authenticate`);
    }
  }

  if (usesTls) {
    const tls: NonNullable<KafkaSecurity['tls']> = { verifyHostname: env.KAFKA_SSL_VERIFY_HOSTNAME !== 'false' };
    if (env.KAFKA_SSL_CA_FILE) {
      tls.caFile = env.KAFKA_SSL_CA_FILE;
      tls.ca = readPem('KAFKA_SSL_CA_FILE', env.KAFKA_SSL_CA_FILE, 'CERTIFICATE', ctx);
    }
    if (isSet('KAFKA_SSL_CERT_FILE') !== isSet('KAFKA_SSL_KEY_FILE')) {
      issue(
        isSet('KAFKA_SSL_CERT_FILE') ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE',
        'a client certificate (mTLS) needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
      );
    } else if (env.KAFKA_SSL_CERT_FILE && env.KAFKA_SSL_KEY_FILE) {
      tls.cert = readPem('KAFKA_SSL_CERT_FILE', env.KAFKA_SSL_CERT_FILE, 'CERTIFICATE', ctx);
      const key = readPem('KAFKA_SSL_KEY_FILE', env.KAFKA_SSL_KEY_FILE, 'PRIVATE KEY', ctx);
      if (key !== undefined) tls.key = new Secret(key);
    }
    security.tls = tls;
  } else {
    for (const name of TLS_VARIABLES) {
      if (isSet(name)) issue(name, `is set, but KAFKA_SECURITY_PROTOCOL is ${protocol}; use SSL or SASL_SSL to connect with TLS`);
    }
  }
  return security;
}

/** A PEM file's text; a file without a `-----BEGIN …<kind>-----` block is an issue on its variable. */
function readPem(variable: string, path: string, kind: string, ctx: z.RefinementCtx): string | undefined {
  const text = readSettingFile(variable, path, ctx);
  if (text === undefined) return undefined;
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(text)) {
    ctx.addIssue({ code: 'custom', path: [variable], message: `${path} holds no PEM ${kind.toLowerCase()} (-----BEGIN ${kind}-----)` });
    return undefined;
  }
  return text;
}
