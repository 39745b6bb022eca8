import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import type { Mechanism, SASLOptions } from 'kafkajs';
import type { KafkaSecurity } from '@tokenwatch/config';
import { oauthBearerMechanism } from './oauthbearer-mechanism';
import { oauthBearerProvider } from './oauthbearer-provider';

export type { KafkaSecurity } from '@tokenwatch/config';

export interface KafkajsSecurityOptions {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions | Mechanism;
}

/** The one place where the KAFKA_* security settings become kafkajs `ssl` and `sasl` options. */
export function kafkajsSecurityOptions(security: KafkaSecurity | undefined): KafkajsSecurityOptions {
  if (security === undefined) return {};
  const options: KafkajsSecurityOptions = {};
  if (security.tls) {
    const { ca, cert, key, verifyHostname } = security.tls;
    options.ssl = {
      rejectUnauthorized: true,
      ...(ca !== undefined ? { ca } : {}),
      ...(cert !== undefined && key !== undefined ? { cert, key: key.reveal() } : {}),
      // The chain is still verified against the CA; only the broker's name is not compared.
      checkServerIdentity: verifyHostname ? checkServerIdentity : () => undefined,
    };
  }
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    const name = mechanism.toLowerCase() as 'plain' | 'scram-sha-256' | 'scram-sha-512';
    options.sasl = { mechanism: name, username, password: password.reveal() } as SASLOptions;
  }
  if (security.oauthBearer) {
    options.sasl = oauthBearerMechanism(oauthBearerProvider(security.oauthBearer));
  }
  return options;
}

/** "SASL_SSL (SCRAM-SHA-512, user tokenwatch)": what a process uses, for start-up lines and /healthz. */
export function describeKafkaSecurity(security: KafkaSecurity | undefined): string {
  if (security === undefined || security.protocol === 'PLAINTEXT') return 'PLAINTEXT';
  const parts = [
    ...(security.sasl ? [security.sasl.mechanism, `user ${security.sasl.username}`] : []),
    ...(security.oauthBearer ? ['OAUTHBEARER', security.oauthBearer.tokenFile === undefined ? 'token' : 'token file'] : []),
    ...(security.tls?.cert ? ['client certificate'] : []),
    ...(security.tls && !security.tls.verifyHostname ? ['server name not verified'] : []),
  ];
  return parts.length > 0 ? `${security.protocol} (${parts.join(', ')})` : security.protocol;
}
