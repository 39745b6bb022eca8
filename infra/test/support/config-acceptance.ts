import { isDeepStrictEqual } from 'node:util';
import { loadApiConfig, parseApiKeys } from '@tokenwatch/api';
import { loadIngestConfig } from '@tokenwatch/ingest';
import { loadNotifierConfig } from '@tokenwatch/notifier';

type Env = Record<string, string>;

/** What every tokenwatch service parses from its environment at start (each throws on a bad value). */
export function loadAllConfigs(env: Env) {
  return {
    ingest: loadIngestConfig(env),
    api: loadApiConfig(env),
    notifier: loadNotifierConfig(env),
    apiKeys: parseApiKeys(env).map((key) => key.name),
  };
}

/** Values no setting accepts: not a URL, number, name or enum member, and too short for a key. */
const INVALID_VALUES = ['\u0000 not a valid value', 'x'];

/**
 * Names of `env` that no configuration loader reads: a typo, or a setting that does not exist.
 * A name is read when it is a key of the ingest or API config, when leaving it out changes (or
 * breaks) what the loaders return, or when an invalid value for it is rejected by name.
 */
export function unreadVariables(env: Env): string[] {
  const full = loadAllConfigs(env);
  return Object.keys(env).filter((name) => {
    if (name in full.ingest || name in full.api) return false;
    const without = { ...env };
    delete without[name];
    try {
      if (!isDeepStrictEqual(loadAllConfigs(without), full)) return false;
    } catch {
      return false;
    }
    return !INVALID_VALUES.some((value) => {
      try {
        loadAllConfigs({ ...env, [name]: value });
        return false;
      } catch (error) {
        return (error as Error).message.includes(name);
      }
    });
  });
}
