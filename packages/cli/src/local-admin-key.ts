import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenwatchError } from '@tokenwatch/common';

export const ADMIN_KEY_FILE = 'admin.key';

export interface LocalAdminKey {
  key: string;
  file: string;
  /** True when this call generated the key (the first start). */
  created: boolean;
}

/** A stored key that others may read, or that is unusable: refused with what to do. */
export class AdminKeyFileError extends TokenwatchError {
  constructor(message: string, hint: string) {
    super(message, { code: 'ADMIN_KEY_FILE_REFUSED', context: { hint } });
  }

  get hint(): string {
    return this.context.hint ?? '';
  }
}

/**
 * The admin key of a local `tokenwatch up` without TOKENWATCH_API_KEYS: generated on the first start,
 * kept in TOKENWATCH_HOME with mode 0600, reused later. A file readable by others is refused.
 */
export function ensureLocalAdminKey(home: string): LocalAdminKey {
  const file = join(home, ADMIN_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(home, { recursive: true });
    const key = `tw_admin_${randomBytes(24).toString('base64url')}`;
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return { key, file, created: true };
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AdminKeyFileError(`refusing ${file}: mode ${mode.toString(8).padStart(4, '0')} lets other users read the admin key`, `run: chmod 600 ${file}`);
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 16)
    throw new AdminKeyFileError(`${file} holds no usable key (at least 16 characters)`, `delete it to have a new one generated, or set TOKENWATCH_API_KEYS`);
  return { key, file, created: false };
}
