import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@tokenwatch/config';

/**
 * The HMAC key for credential fingerprints. Production needs it configured (a lost or changed key
 * makes every token look new); development generates one once and keeps it in the home folder.
 */
export function resolveFingerprintKey(options: { configured?: string; home: string; production: boolean }): string {
  if (options.configured) return options.configured;
  if (options.production) {
    throw new ConfigError('TOKENWATCH_FINGERPRINT_KEY is required when TOKENWATCH_ENV=production (at least 32 random characters, e.g. `openssl rand -hex 32`)');
  }
  const file = join(options.home, 'fingerprint.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(options.home, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
