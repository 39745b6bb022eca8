import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './parse-env';

export interface FingerprintKeyOptions {
  /** TOKENWATCH_FINGERPRINT_KEY, when set. */
  configured?: string;
  /** TOKENWATCH_HOME: where the development key lives (`fingerprint.key`). */
  home: string;
  production: boolean;
  /** Generate the development key when there is none (replay: yes; evaluate: no, a new key matches nothing). */
  create?: boolean;
}

/**
 * The HMAC key for credential fingerprints: the configured one, else the development key kept in
 * the home folder. `tokenwatch up`, `parse`, `replay` and `evaluate` share it, so they fingerprint
 * the same token identically on the same home folder. Production refuses to run without a
 * configured key: a lost or changed key makes every token look new.
 */
export function resolveFingerprintKey(options: FingerprintKeyOptions): string {
  if (options.configured) return options.configured;
  if (options.production) {
    throw new ConfigError('TOKENWATCH_FINGERPRINT_KEY is required when TOKENWATCH_ENV=production (at least 32 random characters, e.g. `openssl rand -hex 32`)');
  }
  const file = join(options.home, 'fingerprint.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (options.create === false) {
    throw new ConfigError(`no fingerprint key: set TOKENWATCH_FINGERPRINT_KEY (or pass --key), or run replay first so that ${file} exists`);
  }
  mkdirSync(options.home, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
