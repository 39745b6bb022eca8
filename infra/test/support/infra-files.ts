import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** The repository root and infra/ folder, from this file's location. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const infraDir = fileURLToPath(new URL('../../', import.meta.url));
export const infraPath = (relative: string): string => `${infraDir}${relative}`;

export type Json = Record<string, unknown>;

/** Every document of a YAML file as plain data (merge keys `<<` resolved); a syntax error throws. */
export function readYamlDocuments(relative: string): Json[] {
  const docs = parseAllDocuments(readFileSync(infraPath(relative), 'utf8'), { merge: true, prettyErrors: true });
  return docs.map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${relative}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS({ maxAliasCount: 100 }) as Json;
  });
}

export function readYaml(relative: string): Json {
  const docs = readYamlDocuments(relative);
  if (docs.length !== 1) throw new Error(`${relative}: expected one YAML document, found ${docs.length}`);
  return docs[0]!;
}

/** KEY=value lines of a dotenv file (comments and blank lines skipped). */
export function readDotenv(relative: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(infraPath(relative), 'utf8').split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/**
 * Compose's variable interpolation over every string of a parsed file: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?message}` (throws when unset or empty) and `$$`.
 */
export function interpolate<T>(value: T, env: Record<string, string>): T {
  if (typeof value === 'string') return interpolateString(value, env) as T;
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)])) as T;
  return value;
}

function interpolateString(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Z_][A-Z0-9_]*)/g, (match, braced, op, arg, bare) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = env[name];
    const missing = op?.startsWith(':') ? !value : value === undefined;
    if (op?.endsWith('?') && missing) throw new Error(`required variable ${name} is missing: ${arg}`);
    if (op?.endsWith('-') && missing) return arg as string;
    return value ?? '';
  });
}

/** A placeholder for a secret: replaced by a valid random-looking value in tests that need one. */
export const PLACEHOLDER = 'REPLACE_ME';

/** Replaces every placeholder by a distinct 40-character value, as an operator would. */
export function fillPlaceholders(env: Record<string, string>): Record<string, string> {
  let n = 0;
  const filled = (value: string) => value.replaceAll(PLACEHOLDER, () => `filled-secret-${String(++n).padStart(4, '0')}-0123456789abcdef0123`);
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, filled(v)]));
}
