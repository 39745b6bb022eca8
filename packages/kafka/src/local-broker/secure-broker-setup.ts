import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { BrokerPaths } from './broker-paths';
import { LocalBrokerError } from './local-broker-error';
import { ensureCertificate, ensureThrowawayCa } from './throwaway-tls';

/** The SASL user tokenwatch connects as; `admin` is the broker's own (super) user. */
export const SECURE_BROKER_USER = 'tokenwatch';
export const SECURE_BROKER_ADMIN = 'admin';
/** The host name clients must use: the only name in the broker certificate. */
export const SECURE_BROKER_HOST = 'localhost';

export interface SecureBrokerOptions {
  /** Password of the tokenwatch user, fixed when the storage is first formatted; default: random. */
  password?: string;
  /** Topic name prefixes the tokenwatch user may use (PREFIXED ACLs); default the tokenwatch topics. */
  topicPrefixes?: string[];
  /** Consumer group prefixes it may use; default `tokenwatch`. */
  groupPrefixes?: string[];
  /** Port of the listener that takes the tokenwatch client certificate instead of a password; default port + 2. */
  mtlsPort?: number;
  /**
   * Also accept OAUTHBEARER: unsigned JWTs (see unsecuredJwt) whose `sub` is the principal. Off by
   * default: such a token can claim any principal, so it only serves to test OAUTHBEARER clients.
   */
  oauthBearer?: boolean;
}

/** Everything the secured broker and its clients need, under `<home>/kafka-secure/`. */
export interface SecureBrokerMaterial {
  caFile: string;
  caPem: string;
  keystoreFile: string;
  /** The client certificate "CN=tokenwatch" and its key, for KAFKA_SSL_CERT_FILE / KAFKA_SSL_KEY_FILE. */
  clientCertFile: string;
  clientKeyFile: string;
  /** The tokenwatch user's password alone, for KAFKA_SASL_PASSWORD_FILE. */
  passwordFile: string;
  password: string;
  adminPassword: string;
  /** PLAIN password of the broker's own connection to its controller listener. */
  controllerPassword: string;
}

interface StoredCredentials {
  password: string;
  adminPassword: string;
  controllerPassword: string;
}

const tlsDir = (paths: BrokerPaths) => join(paths.root, 'tls');
const credentialsFile = (paths: BrokerPaths) => join(paths.root, 'credentials.json');
const passwordFile = (paths: BrokerPaths) => join(paths.root, `${SECURE_BROKER_USER}.password`);

/** The CA, the broker certificate and the users' passwords: made on the first start, reused after. */
export async function ensureSecureBrokerMaterial(paths: BrokerPaths, options: SecureBrokerOptions): Promise<SecureBrokerMaterial> {
  const ca = await ensureThrowawayCa(tlsDir(paths));
  const broker = await ensureCertificate(ca, tlsDir(paths), 'broker', [SECURE_BROKER_HOST]);
  const client = await ensureCertificate(ca, tlsDir(paths), 'client', [SECURE_BROKER_USER]);
  let stored: StoredCredentials;
  if (existsSync(credentialsFile(paths))) {
    stored = JSON.parse(await readFile(credentialsFile(paths), 'utf8')) as StoredCredentials;
  } else {
    if (options.password !== undefined && !/^[\w.~-]{8,}$/.test(options.password)) {
      throw new LocalBrokerError(
        'The password for the secured local broker must be at least 8 of A-Z a-z 0-9 _ . ~ -',
        'choose another password (kafka-storage parses it from a command-line argument)',
      );
    }
    stored = { password: options.password ?? newPassword(), adminPassword: newPassword(), controllerPassword: newPassword() };
    await writeFile(credentialsFile(paths), `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  await writeFile(passwordFile(paths), `${stored.password}\n`, { mode: 0o600 });
  const files = {
    caFile: ca.certFile,
    keystoreFile: broker.keystoreFile,
    clientCertFile: client.certFile,
    clientKeyFile: client.keyFile,
    passwordFile: passwordFile(paths),
  };
  return { ...files, caPem: await readFile(ca.certFile, 'utf8'), ...stored };
}

/** The material of a secured broker set up earlier (for status and stop), or null. */
export async function readSecureBrokerMaterial(paths: BrokerPaths): Promise<SecureBrokerMaterial | null> {
  try {
    const stored = JSON.parse(await readFile(credentialsFile(paths), 'utf8')) as StoredCredentials;
    const caFile = join(tlsDir(paths), 'ca.pem');
    const files = {
      caFile,
      keystoreFile: join(tlsDir(paths), 'broker.keystore.pem'),
      clientCertFile: join(tlsDir(paths), 'client.pem'),
      clientKeyFile: join(tlsDir(paths), 'client.key'),
      passwordFile: passwordFile(paths),
    };
    return { ...files, caPem: await readFile(caFile, 'utf8'), ...stored };
  } catch {
    return null;
  }
}

/** kafkajs options of the admin (super) user: for probes and for creating ACLs. */
export function adminClientSecurity(material: SecureBrokerMaterial): { ssl: ConnectionOptions; sasl: SASLOptions } {
  return { ssl: { ca: material.caPem }, sasl: { mechanism: 'scram-sha-512', username: SECURE_BROKER_ADMIN, password: material.adminPassword } };
}

/** `kafka-storage format` arguments that create both SCRAM-SHA-512 users with the metadata. */
export function scramUserArgs(material: SecureBrokerMaterial): string[] {
  return [
    '--add-scram',
    `SCRAM-SHA-512=[name=${SECURE_BROKER_ADMIN},password=${material.adminPassword}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${SECURE_BROKER_USER},password=${material.password}]`,
  ];
}

/** The settings a tokenwatch process needs to use the secured broker as the tokenwatch user. */
export function secureClientEnv(brokers: string, material: Pick<SecureBrokerMaterial, 'caFile' | 'passwordFile'>): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: SECURE_BROKER_USER,
    KAFKA_SASL_PASSWORD_FILE: material.passwordFile,
    KAFKA_SSL_CA_FILE: material.caFile,
  };
}

/** The settings that reach the broker's mTLS listener with the tokenwatch client certificate. */
export function mtlsClientEnv(brokers: string, material: Pick<SecureBrokerMaterial, 'caFile' | 'clientCertFile' | 'clientKeyFile'>): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers,
    KAFKA_SECURITY_PROTOCOL: 'SSL',
    KAFKA_SSL_CA_FILE: material.caFile,
    KAFKA_SSL_CERT_FILE: material.clientCertFile,
    KAFKA_SSL_KEY_FILE: material.clientKeyFile,
  };
}

function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
