import { reject } from '@tokenwatch/contracts';
import type { AdapterOptions, EnvelopeEntry, GatewayAdapter, NormalizeOptions } from '../adapter';
import { CredentialResolver } from '../credential/credential.resolver';
import type { CredentialSource } from '../credential/credential.source';
import { CidrSet, PRIVATE_NETWORKS } from '@tokenwatch/common';
import { ClientIpResolver } from '../net/client-ip.resolver';
import { isObject, type JsonObject } from '../record-access';
import { buildEvent, type BuildContext, type ExtractedRecord } from './event.builder';
import { RejectLabel } from './reject-reasons';

/** Largest record accepted by default: 1 MiB of text. */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** What one gateway format contributes; everything else (validation, identity, IP, ids) is shared. */
export interface AdapterSpec {
  gateway: string;
  /** Credential sources tried in order unless AdapterOptions.credentialSources replaces them. */
  defaultSources: readonly CredentialSource[];
  /** Reads the fields of one record; never throws on odd shapes (missing fields stay undefined). */
  extract(record: JsonObject): ExtractedRecord;
  /** Why a record is not of this format's shape (a partial or foreign record), rather than guessing from it. */
  shapeProblem?(record: JsonObject): string | undefined;
  decodeText?(text: string): JsonObject | undefined;
  unwrap?(value: JsonObject): EnvelopeEntry[] | undefined;
}

export function createAdapter(spec: AdapterSpec, options: AdapterOptions = {}): GatewayAdapter {
  const ctx: BuildContext = {
    gateway: spec.gateway,
    resolver: new CredentialResolver(options.credentialSources ?? spec.defaultSources),
    clientIps: new ClientIpResolver(new CidrSet(options.trustedProxies ?? PRIVATE_NETWORKS)),
    anonymous: options.anonymous ?? false,
    secrets: [],
  };
  return {
    gateway: spec.gateway,
    ...(spec.decodeText ? { decodeText: spec.decodeText } : {}),
    ...(spec.unwrap ? { unwrap: spec.unwrap } : {}),
    normalizeRecord(record: unknown, rawText: string, normalizeOptions: NormalizeOptions) {
      if (!isObject(record)) return reject(RejectLabel.notAnObject);
      const max = normalizeOptions.maxRecordChars ?? MAX_RECORD_CHARS;
      if (rawText.length > max) return reject(`${RejectLabel.recordTooLarge}: ${rawText.length} > ${max} characters`);
      const problem = spec.shapeProblem?.(record);
      if (problem !== undefined) return reject(`${RejectLabel.invalidRecord}: ${problem}`);
      return buildEvent(spec.extract(record), rawText, ctx, normalizeOptions);
    },
  };
}
