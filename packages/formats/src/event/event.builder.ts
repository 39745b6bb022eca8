import { AccessEvent, ok, reject, type StepResult } from '@tokenwatch/contracts';
import type { NormalizeOptions } from '../adapter';
import { anonymousToken, type CredentialResolver } from '../credential/credential.resolver';
import type { RecordView } from '../credential/credential.source';
import type { ClientIpResolver } from '../net/client-ip.resolver';
import { recordHashId } from '../record-id';
import { routeTemplate, stripQuery } from '../route/route-template';
import { isSurelyValidEvent } from './access-event.check';
import { RejectLabel } from './reject-reasons';

/** What an adapter read from one record, before validation, identity and templating. */
export interface ExtractedRecord {
  /** Epoch ms; undefined when the field is absent, NaN when unreadable. */
  ts: number | undefined;
  /** The field the time came from, for the rejection reason. */
  tsField: string;
  /** A request id the gateway generated (client-settable ids must not be used: they would dedupe distinct events). */
  requestId?: string;
  /** The TCP peer, or the address the gateway itself resolved (may carry a port). */
  peer?: string;
  /** An X-Forwarded-For list, walked only when the peer is a trusted proxy. */
  forwardedFor?: string;
  method?: string;
  /** The request path as logged (a query string, if any, is removed here). */
  path?: string;
  /** The gateway's own route template, when it has one. */
  route?: string;
  status?: number;
  bytes?: number;
  latencyMs?: number;
  userAgent?: string;
  consumer?: string;
  service?: string;
  view: RecordView;
}

export interface BuildContext {
  gateway: string;
  resolver: CredentialResolver;
  clientIps: ClientIpResolver;
  /** Scratch list of one record's raw secrets (records are built one at a time), emptied once scrubbed. */
  secrets: string[];
  anonymous: boolean;
}

export const MIN_TIMESTAMP = Date.UTC(2000, 0, 1);
export const MAX_TIMESTAMP = Date.UTC(2100, 0, 1);
export const MAX_FUTURE_MS = 86_400_000;
const USER_AGENT_MAX = 1024;
const SLASH = 47;
const REQUEST_ID = /^[\w.:=+/-]{1,100}$/;
const METHOD = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** Validates, identifies and templates an extracted record into AccessEvent v1 (checked against the zod schema). */
export function buildEvent(x: ExtractedRecord, rawText: string, ctx: BuildContext, options: NormalizeOptions): StepResult<AccessEvent> {
  const tsProblem = checkTimestamp(x.ts, x.tsField, options.now);
  if (tsProblem) return reject(`${RejectLabel.invalidTimestamp}: ${tsProblem}`);

  // With a path or user agent to scrub, every secret in the record is wanted, not only the chosen one's.
  const secrets = ctx.secrets;
  secrets.length = 0;
  let token = ctx.resolver.identify(x.view, options.fingerprintKey, x.path !== undefined || x.userAgent !== undefined, secrets);
  if (!token) {
    if (!ctx.anonymous) return reject(RejectLabel.noCredential);
    token = anonymousToken(options.fingerprintKey);
  }

  const ip = ctx.clientIps.resolve(x.peer, x.forwardedFor);
  if (!ip.ok) return reject(ip.reason);

  if (x.status !== undefined && !(Number.isInteger(x.status) && x.status >= 0 && x.status <= 999)) return reject(`${RejectLabel.invalidNumber}: status`);
  if (x.bytes !== undefined && !(x.bytes >= 0)) return reject(`${RejectLabel.invalidNumber}: bytes`);
  if (x.latencyMs !== undefined && !(x.latencyMs >= 0)) return reject(`${RejectLabel.invalidNumber}: latencyMs`);

  const path = x.path === undefined ? null : scrub(pathOnly(x.path), secrets);
  const event = {
    id: x.requestId !== undefined && REQUEST_ID.test(x.requestId) ? `${ctx.gateway}-${x.requestId}` : recordHashId(ctx.gateway, rawText),
    ts: Math.trunc(x.ts!),
    gateway: ctx.gateway,
    token,
    ip: ip.ip,
    method: x.method !== undefined && METHOD.test(x.method) ? x.method.toUpperCase() : null,
    route: x.route ?? (path === null ? null : routeTemplate(path)),
    path,
    status: x.status ?? null,
    bytes: x.bytes === undefined ? null : Math.trunc(x.bytes),
    latencyMs: x.latencyMs ?? null,
    userAgent: x.userAgent === undefined ? null : scrub(x.userAgent.slice(0, USER_AGENT_MAX), secrets),
    consumer: x.consumer === undefined ? null : scrub(x.consumer, secrets),
    service: x.service ?? null,
    geo: null,
  };
  secrets.length = 0;
  if (isSurelyValidEvent(event)) return ok(event as AccessEvent);
  // Anything the fast check is unsure of goes to the zod schema, which decides and names the problem.
  const parsed = AccessEvent.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject(`${RejectLabel.invalidEvent}: ${issue ? `${issue.path.join('.')} ${issue.code}` : 'schema mismatch'}`);
  }
  return ok(parsed.data);
}

function checkTimestamp(ts: number | undefined, field: string, now: number | undefined): string | undefined {
  if (ts === undefined) return `missing ${field}`;
  if (Number.isNaN(ts)) return `unreadable ${field}`;
  if (ts < MIN_TIMESTAMP) return 'before 2000-01-01';
  if (ts > MAX_TIMESTAMP || (now !== undefined && ts > now + MAX_FUTURE_MS)) return 'more than 1 day in the future';
  return undefined;
}

/** The path of a path or an absolute URL, without query string or fragment. */
function pathOnly(raw: string): string {
  let path = stripQuery(raw);
  if (path.charCodeAt(0) === SLASH) return path; // the common case; a URL starts with its scheme
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || '/';
  return path;
}

/** Replaces any secret text (a key in a path segment, say) by `{redacted}`. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('{redacted}');
  return out;
}
