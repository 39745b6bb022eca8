import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AdminKeyFileError, ensureLocalAdminKey } from './local-admin-key';

const homes: string[] = [];
const newHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'tw-adminkey-'));
  homes.push(home);
  return join(home, 'state');
};
afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

it('generates a key on the first start with mode 0600, and reuses it later', () => {
  const home = newHome();
  const first = ensureLocalAdminKey(home);
  expect(first.created).toBe(true);
  expect(first.key.length).toBeGreaterThanOrEqual(32);
  expect(statSync(first.file).mode & 0o777).toBe(0o600);
  expect(readFileSync(first.file, 'utf8').trim()).toBe(first.key);
  const again = ensureLocalAdminKey(home);
  expect(again).toEqual({ ...first, created: false });
});

it('refuses a key file other users can read, saying how to fix it', () => {
  const home = newHome();
  const { file } = ensureLocalAdminKey(home);
  chmodSync(file, 0o644);
  expect(() => ensureLocalAdminKey(home)).toThrow(AdminKeyFileError);
  try {
    ensureLocalAdminKey(home);
  } catch (error) {
    expect((error as Error).message).toMatch(/mode 0644 lets other users read the admin key/);
    expect((error as AdminKeyFileError).hint).toBe(`run: chmod 600 ${file}`);
  }
  chmodSync(file, 0o600);
  writeFileSync(file, 'short\n');
  expect(() => ensureLocalAdminKey(home)).toThrow(/holds no usable key/);
});
