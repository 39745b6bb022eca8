import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalBrokerError, lastLines } from './local-broker-error';
import { CommandNotFoundError, runCommand } from './run-command';

/** A CA made on this machine for local tests only: its key never leaves the state folder. */
export interface ThrowawayCa {
  /** PEM certificate: what a client trusts (KAFKA_SSL_CA_FILE, CLICKHOUSE_CA_FILE). */
  certFile: string;
  keyFile: string;
}

export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
  /** Key and certificate in one PEM file: a Kafka `ssl.keystore.type=PEM` keystore. */
  keystoreFile: string;
}

const VALID_DAYS = 365;
/** Renewed when it would expire within a day, so a long-lived state folder never serves an expired certificate. */
const RENEW_SECONDS = 86_400;
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** The CA in `dir` (ca.pem, ca.key), made with openssl when missing or about to expire. */
export async function ensureThrowawayCa(dir: string, name = 'tokenwatch throwaway CA'): Promise<ThrowawayCa> {
  const ca = { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca.key') };
  if (await isFresh(ca.certFile, ca.keyFile)) return ca;
  await mkdir(dir, { recursive: true });
  await openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      ca.keyFile,
      '-out',
      ca.certFile,
      '-days',
      String(VALID_DAYS),
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await chmod(ca.keyFile, 0o600);
  return ca;
}

/**
 * A certificate signed by `ca` for the DNS names given (the first is its common name), in
 * `dir/<file>.pem|.key|.keystore.pem`; reused while it is valid and was signed by this CA.
 */
export async function ensureCertificate(ca: ThrowawayCa, dir: string, file: string, dnsNames: string[]): Promise<IssuedCertificate> {
  const cert = { certFile: join(dir, `${file}.pem`), keyFile: join(dir, `${file}.key`), keystoreFile: join(dir, `${file}.keystore.pem`) };
  if ((await isFresh(cert.certFile, cert.keyFile, cert.keystoreFile)) && (await signedBy(cert.certFile, ca.certFile, dir))) return cert;
  await mkdir(dir, { recursive: true });
  const csr = join(dir, `${file}.csr`);
  const extensions = join(dir, `${file}.ext`);
  await writeFile(
    extensions,
    [
      `subjectAltName=${dnsNames.map((name) => `DNS:${name}`).join(',')}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      '',
    ].join('\n'),
  );
  try {
    await openssl(['req', ...EC_KEY, '-keyout', cert.keyFile, '-out', csr, '-subj', `/CN=${dnsNames[0] ?? file}`], dir);
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        ca.certFile,
        '-CAkey',
        ca.keyFile,
        '-set_serial',
        `0x${randomBytes(8).toString('hex')}`,
        '-days',
        String(VALID_DAYS),
        '-extfile',
        extensions,
        '-out',
        cert.certFile,
      ],
      dir,
    );
  } finally {
    await rm(csr, { force: true });
    await rm(extensions, { force: true });
  }
  await writeFile(cert.keystoreFile, `${await readFile(cert.keyFile, 'utf8')}${await readFile(cert.certFile, 'utf8')}`, { mode: 0o600 });
  await chmod(cert.keyFile, 0o600);
  return cert;
}

async function isFresh(certFile: string, ...others: string[]): Promise<boolean> {
  if (![certFile, ...others].every((file) => existsSync(file))) return false;
  const result = await runCommand('openssl', ['x509', '-checkend', String(RENEW_SECONDS), '-noout', '-in', certFile]).catch(() => undefined);
  return result?.code === 0;
}

async function signedBy(certFile: string, caFile: string, cwd: string): Promise<boolean> {
  const result = await runCommand('openssl', ['verify', '-CAfile', caFile, certFile], { cwd }).catch(() => undefined);
  return result?.code === 0;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  let result;
  try {
    result = await runCommand('openssl', args, { cwd, timeoutMs: 30_000 });
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new LocalBrokerError(
        'openssl is not installed, so no throwaway certificates can be made for the secured local broker',
        'install it (apt-get install openssl)',
        { cause: error },
      );
    }
    throw error;
  }
  if (result.code !== 0) {
    throw new LocalBrokerError(
      `openssl ${args[0]} failed (exit ${result.code ?? result.signal}):\n${lastLines(result.output, 5)}`,
      `delete ${cwd} and start again`,
    );
  }
}
