import type { TokenRef } from '@tokenwatch/contracts';
import { BoundedCache } from '../cache/bounded.cache';
import { anonymousFingerprint, fingerprintCredential } from '../fingerprint';
import { splitPath, textOf, valueAtPath } from '../record-access';
import { interpret, interpretation, interpreterKey, type Found, type Interpretation } from './credential.interpreter';
import type { CredentialSource, RecordView } from './credential.source';

export interface ResolvedCredential {
  token: TokenRef;
  /** Raw secret texts seen while resolving; the caller scrubs them from anything it emits. */
  secrets: string[];
}

interface CompiledSource {
  origin: Interpretation['origin'];
  name: string;
  segments: string[];
  how: Interpretation;
  /** Index of the interpretation in a cached reading (sources that read alike share one). */
  slot: number;
  /** Field ids (credential / consumer ids) carry no secret: secretValues skips them. */
  idField: boolean;
}

/** A raw value read under one interpretation, with its fingerprint once made; null: no identity. */
type Reading = { found: Found; fp: string | undefined } | null;

/**
 * Readings per raw value (an Authorization header is read three ways: JWT, bearer, Basic). Raw
 * values repeat on every request of a token, and reading one costs a JWT decode or a Basic decode
 * and an HMAC. The cache holds raw secrets in process memory only (never logged, never emitted),
 * bounded: 2 x 16 384 values, 2 x 4 M characters, values over 2 048 characters are not kept.
 */
const CACHE_ENTRIES = 16_384;
const CACHE_CHARS = 4 * 1024 * 1024;
const CACHE_MAX_KEY = 2_048;

/** Walks an ordered list of credential sources over a record and fingerprints the first credential found. */
export class CredentialResolver {
  private readonly sources: CompiledSource[];
  private readonly slots: number;
  private readonly readings = new BoundedCache<Reading[]>(CACHE_ENTRIES, CACHE_CHARS, CACHE_MAX_KEY);
  private readingsKey: string | Uint8Array | undefined;
  /** The last raw value read and its readings: an Authorization header is read by three sources in a row. */
  private lastRaw: string | undefined;
  private lastReadings: Reading[] | undefined;

  constructor(sources: readonly CredentialSource[]) {
    const slotOf = new Map<string, number>();
    this.sources = sources.map((source) => {
      const [origin, name] =
        'path' in source
          ? (['path', source.path] as const)
          : 'header' in source
            ? (['header', source.header.toLowerCase()] as const)
            : (['query', source.query] as const);
      const how = interpretation(source.kind, origin, name);
      const key = interpreterKey(how);
      if (!slotOf.has(key)) slotOf.set(key, slotOf.size);
      const idField = origin === 'path' && (source.kind === 'credential_id' || source.kind === 'consumer');
      return { origin, name, segments: origin === 'path' ? splitPath(name) : [], how, slot: slotOf.get(key)!, idField };
    });
    this.slots = slotOf.size;
  }

  resolve(view: RecordView, key: string | Uint8Array): ResolvedCredential | undefined {
    const secrets: string[] = [];
    const token = this.identify(view, key, false, secrets);
    return token && { token, secrets };
  }

  /**
   * The first credential's token; its raw secrets are appended to `secrets`, and with `allSecrets`
   * also every raw secret value any secret source finds in the record (not only the chosen one's),
   * so the caller can scrub them all from the path and other emitted text: a key may also sit in a
   * path segment (`/keys/<key>/usage`) or be sent twice. One walk over the sources does both.
   */
  identify(view: RecordView, key: string | Uint8Array, allSecrets: boolean, secrets: string[]): TokenRef | undefined {
    if (key !== this.readingsKey) {
      this.readings.clear();
      this.lastRaw = this.lastReadings = undefined;
      this.readingsKey = key;
    }
    let winner: Reading = null;
    for (const source of this.sources) {
      if (winner !== null) {
        if (!allSecrets) break;
        if (source.idField) continue;
      }
      const reading = this.read(view, source);
      if (reading === null) continue;
      if (winner === null) {
        winner = reading;
        pushAll(secrets, reading.found.secrets);
      }
      if (allSecrets && !source.idField) pushAll(secrets, reading.found.secrets);
    }
    if (winner === null) return undefined;
    const { found } = winner;
    winner.fp ??= fingerprintCredential(key, found.kind, found.material);
    return { fp: winner.fp, hint: found.hint, kind: found.kind };
  }

  /** Every raw secret value any secret source finds in the record (see identify). */
  secretValues(view: RecordView): string[] {
    const values: string[] = [];
    for (const source of this.sources) {
      if (source.idField) continue;
      const reading = this.read(view, source);
      if (reading !== null) values.push(...reading.found.secrets);
    }
    return values;
  }

  private read(view: RecordView, source: CompiledSource): Reading {
    const raw =
      source.origin === 'path'
        ? textOf(valueAtPath(view.record, source.segments))
        : source.origin === 'header'
          ? view.header(source.name)
          : view.query(source.name);
    if (raw === undefined) return null;
    let cached = raw === this.lastRaw ? this.lastReadings : this.readings.get(raw);
    if (cached === undefined) {
      cached = new Array<Reading>(this.slots);
      this.readings.set(raw, cached);
    }
    this.lastRaw = raw;
    this.lastReadings = cached;
    let reading = cached[source.slot];
    if (reading === undefined) {
      const found = interpret(source.how, raw);
      reading = cached[source.slot] = found === undefined ? null : { found, fp: undefined };
    }
    return reading;
  }
}

function pushAll(target: string[], values: readonly string[]): void {
  for (const value of values) target.push(value);
}

/** The token of traffic without a credential, when anonymous traffic is counted: one fixed identity. */
export function anonymousToken(key: string | Uint8Array): TokenRef {
  return { fp: anonymousFingerprint(key), hint: 'anonymous', kind: 'consumer' };
}
