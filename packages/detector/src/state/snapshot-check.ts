import { AlertTrack } from '../decision/alert-track';
import { TOKEN_SNAPSHOT_VERSION, TokenSnapshot } from './token-snapshot';

/**
 * A token snapshot as `TokenSnapshot.parse` would return it, checked by hand: zod took ~40 µs per
 * snapshot (a hundred state fields, 168 hourly rates), most of a restart's cost per token. Only
 * "surely valid" is answered here; anything else goes to zod, which decides and names the problem.
 * The alert track (defaults, nested hits) is always zod's. The domain is values JSON.parse makes; a
 * property test checks this against zod.
 */
export function readTokenSnapshot(value: unknown): TokenSnapshot {
  return surelySnapshot(value) ?? TokenSnapshot.parse(value);
}

/** `readTokenSnapshot` for a value that may not be one: undefined instead of an error. */
export function tryReadTokenSnapshot(value: unknown): TokenSnapshot | undefined {
  const surely = surelySnapshot(value);
  if (surely) return surely;
  const parsed = TokenSnapshot.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The snapshot when it is surely valid, else undefined ("ask zod"); exported for its test. */
export function surelySnapshot(value: unknown): TokenSnapshot | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v['v'] !== TOKEN_SNAPSHOT_VERSION) return undefined;
  const { fp, firstSeen, lastSeen, events, learning, state, alerts } = v;
  if (typeof fp !== 'string' || fp.length === 0) return undefined;
  if (!isFiniteNumber(firstSeen) || !isFiniteNumber(lastSeen) || !isFiniteNumber(events)) return undefined;
  if (learning !== 'learning' && learning !== 'active') return undefined;
  if (!isStateRecord(state)) return undefined;
  let track: AlertTrack | null = null;
  if (alerts !== null) {
    const parsed = AlertTrack.safeParse(alerts);
    if (!parsed.success) return undefined;
    track = parsed.data;
  }
  return { v: TOKEN_SNAPSHOT_VERSION, fp, firstSeen, lastSeen, events, learning, state, alerts: track };
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A plain object whose values are numbers, strings, or arrays of only numbers or only strings. */
function isStateRecord(state: unknown): state is TokenSnapshot['state'] {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return false;
  if (Object.getPrototypeOf(state) !== Object.prototype) return false;
  for (const key in state) {
    if (!Object.hasOwn(state, key)) return false;
    const field = (state as Record<string, unknown>)[key];
    if (typeof field === 'string' || isFiniteNumber(field)) continue;
    if (!Array.isArray(field) || !isUniformList(field)) return false;
  }
  return true;
}

function isUniformList(list: readonly unknown[]): boolean {
  if (list.length === 0) return true;
  if (typeof list[0] === 'string') {
    for (const item of list) if (typeof item !== 'string') return false;
    return true;
  }
  for (const item of list) if (!isFiniteNumber(item)) return false;
  return true;
}

/** A snapshot from its JSON text (token_baselines' `state`), or undefined when the text is not one. */
export function tokenSnapshotFromJson(text: string): TokenSnapshot | undefined {
  try {
    return tryReadTokenSnapshot(JSON.parse(text));
  } catch {
    return undefined;
  }
}
