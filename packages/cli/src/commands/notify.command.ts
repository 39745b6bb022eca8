import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { createSilence, expireSilence, getSilence, listSilences, silenceStatus } from '@tokenwatch/clickhouse';
import { SignalType, TokenFingerprint } from '@tokenwatch/contracts';
import {
  createClickHouseAuditStore,
  createClickHouseSilenceStore,
  createFileDeadLetterSink,
  createFileLedgerBackend,
  createFileSilenceStore,
  createMemoryAuditStore,
  DeliveryLedger,
  notifyAlerts,
  parseDuration,
  readAlertLines,
  type NotifierConfig,
  type NotifyReport,
  type RevocationAuditStore,
  type SilenceStore,
} from '@tokenwatch/notifier';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine } from '../command-line';
import { validateSections, type Config } from '../config/load-config';
import { openRuntime, type Runtime } from '../runtime/open-runtime';

const USAGE = `usage: tokenwatch notify --alerts FILE|- [--dlq FILE] [--ocsf FILE] [--audit clickhouse|FILE] [--silences clickhouse|FILE] [--ledger FILE] [--time event|wall]
       tokenwatch notify silence add (--token FP | --consumer NAME | --signal TYPE…)… --for DURATION [--comment TEXT] [--by NAME]
       tokenwatch notify silence list [--all]
       tokenwatch notify silence remove ID`;
/** Longest silence, as in the API. */
const MAX_SILENCE_MS = 90 * 86_400_000;
/** Invalid lines printed one by one before only counting them. */
const MAX_INVALID_SHOWN = 20;
const say = (line: string) => process.stderr.write(`${line}\n`);

/** `tokenwatch notify`: routes, groups and delivers an Alert v1 NDJSON file; manages silences. */
export async function notifyCommand(args: string[], sections: Config): Promise<number> {
  if (args[0] === 'silence') return silenceCommand(args.slice(1), sections);
  const { values, positionals } = parse(args, {
    alerts: { type: 'string' },
    dlq: { type: 'string' },
    ocsf: { type: 'string' },
    audit: { type: 'string' },
    ledger: { type: 'string' },
    time: { type: 'string' },
    silences: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (values.alerts === undefined) throw new UsageError(`notify needs --alerts FILE (Alert v1 NDJSON, or - for stdin)\n${USAGE}`);
  if (values.time !== undefined && values.time !== 'event' && values.time !== 'wall')
    throw new UsageError(`--time must be event or wall, got "${values.time}"`);

  const loaded = sections.notifier;
  const config: NotifierConfig = values.ocsf === undefined ? loaded : { ...loaded, ocsf: { file: values.ocsf } };
  const home = sections.home;
  const dlqPath = resolve(values.dlq ?? join(home, 'notifier', 'dlq.ndjson'));
  const ledgerPath = resolve(values.ledger ?? join(home, 'notifier', 'ledger.ndjson'));
  const rt = await openNotifyRuntime(sections, 'or pass --silences FILE to read silences from a JSON file');
  let report: NotifyReport;
  try {
    report = await deliver(values, config, { rt, sections, home, dlqPath, ledgerPath });
  } finally {
    await rt.close();
  }
  if (report.deadLettered > 0) say(`notify: dead letters in ${dlqPath}`);
  if (report.duplicates > 0) say(`notify: ${report.duplicates} deliveries were already done according to ${ledgerPath}`);
  return ExitCode.ok;
}

interface DeliverContext {
  /** ClickHouse opens (and migrates) on first use only: a run with files for audit and silences needs none. */
  rt: Runtime;
  sections: Config;
  home: string;
  dlqPath: string;
  ledgerPath: string;
}

async function deliver(
  values: { alerts?: string; audit?: string; silences?: string; time?: string },
  config: NotifierConfig,
  ctx: DeliverContext,
): Promise<NotifyReport> {
  const { audit, where } = await openAudit(config, values.audit, ctx);
  const silences = await openSilences(values.silences, ctx);

  let invalid = 0;
  const input = values.alerts === '-' || values.alerts === undefined ? process.stdin : createReadStream(values.alerts);
  const alerts = readAlertLines(input, (line, reason) => {
    if (invalid++ < MAX_INVALID_SHOWN) say(JSON.stringify({ line, reason }));
  });
  let last: NotifyReport | undefined;
  const progress = setInterval(() => last && say(`notify: ${summary(last)}`), 2_000);
  progress.unref();
  let report: NotifyReport;
  try {
    report = await notifyAlerts(alerts, {
      config,
      log: ctx.rt.log,
      deadLetters: createFileDeadLetterSink(ctx.dlqPath),
      ledger: new DeliveryLedger(createFileLedgerBackend(ctx.ledgerPath)),
      audit,
      silences,
      time: values.time === 'wall' ? 'wall' : 'event',
      onProgress: (r) => (last = r),
    });
  } finally {
    clearInterval(progress);
  }
  say(`notify: ${summary(report)}${invalid > 0 ? `, ${invalid} invalid lines skipped` : ''} — done`);
  if (config.revocation.mode !== 'disabled') say(`notify: revocation ${config.revocation.mode} mode, audit in ${where}`);
  return report;
}

function summary(r: NotifyReport): string {
  const revocations = Object.entries(r.revocations)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${r.alerts} alerts, ${r.sent} messages sent, ${r.deadLettered} dead-lettered, ${r.silenced} silenced, ${r.inhibited} inhibited${revocations ? `, revocations: ${revocations}` : ''}`;
}

/** The audit trail: ClickHouse when asked (default with CLICKHOUSE_URL), else an NDJSON file. */
async function openAudit(config: NotifierConfig, choice: string | undefined, ctx: DeliverContext): Promise<{ audit: RevocationAuditStore; where: string }> {
  if (config.revocation.mode === 'disabled') return { audit: createMemoryAuditStore(), where: 'nowhere (disabled)' };
  if (choice === 'clickhouse' || (choice === undefined && ctx.sections.clickhouse.url)) {
    const ch = await ctx.rt.clickhouse();
    return { audit: createClickHouseAuditStore(ch), where: `ClickHouse ${ch.database}.revocation_audit` };
  }
  const path = resolve(choice ?? join(ctx.home, 'notifier', 'revocation-audit.ndjson'));
  return { audit: createMemoryAuditStore(path), where: path };
}

/**
 * Silences: the shared set in ClickHouse (what the API and `notify silence` manage) unless
 * `--silences FILE` or TOKENWATCH_SILENCES_FILE names a JSON file (offline runs without ClickHouse).
 */
async function openSilences(choice: string | undefined, ctx: DeliverContext): Promise<SilenceStore> {
  const file = choice ?? (ctx.sections.notifier.silencesFileSet ? ctx.sections.notifier.silencesFile : 'clickhouse');
  if (file !== 'clickhouse') return createFileSilenceStore(resolve(file));
  return createClickHouseSilenceStore(await ctx.rt.clickhouse(), { now: Date.now });
}

/** The notifier's runtime: warnings only, and the configured ClickHouse (server or embedded) opened and migrated on first use. */
function openNotifyRuntime(sections: Config, lockedHint: string): Promise<Runtime> {
  return openRuntime(sections, { name: 'tokenwatch-notify', logLevel: 'warn', needs: [], clickhouse: { mode: 'migrate', lockedHint } });
}

/** `notify silence add|list|remove`: the shared silences in ClickHouse (also managed by the API). */
async function silenceCommand(args: string[], sections: Config): Promise<number> {
  const [action, ...rest] = args;
  // A bad notifier setting stops silence commands too, before anything opens.
  validateSections(sections, 'notifier');
  const rt = await openNotifyRuntime(sections, 'while `tokenwatch up` runs, manage silences through its API (/api/silences) or dashboard');
  const db = { get: () => rt.clickhouse() };
  const user = sections.operator.user;
  const cliUser = (given?: string) => `cli:${given ?? user ?? 'unknown'}`;
  const now = Date.now();
  try {
    if (action === 'list') {
      const { values } = parse(rest, { all: { type: 'boolean' } });
      for (const s of await listSilences(await db.get(), { now, all: values.all === true })) {
        process.stdout.write(`${JSON.stringify({ ...s, status: silenceStatus(s, now) })}\n`);
      }
      return ExitCode.ok;
    }
    if (action === 'remove') {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError(`silence remove takes one silence id\n${USAGE}`);
      const id = positionals[0] as string;
      const ch = await db.get();
      const current = await getSilence(ch, id);
      if (!current) {
        say(`tokenwatch: no silence with id ${id}`);
        return ExitCode.failure;
      }
      if (silenceStatus(current, now) === 'expired') say(`silence ${id} had already ended`);
      else {
        await expireSilence(ch, id, { now, by: cliUser() });
        say(`expired silence ${id}`);
      }
      return ExitCode.ok;
    }
    if (action !== 'add') throw new UsageError(`unknown silence action "${action ?? ''}"; expected add, list or remove\n${USAGE}`);
    const input = parseNewSilence(rest, now, cliUser);
    const silence = await createSilence(await db.get(), input, now);
    process.stdout.write(`${JSON.stringify(silence)}\n`);
    return ExitCode.ok;
  } finally {
    await rt.close();
  }
}

function parseNewSilence(rest: string[], now: number, cliUser: (given?: string) => string) {
  const { values } = parse(rest, {
    token: { type: 'string' },
    consumer: { type: 'string' },
    signal: { type: 'string', multiple: true },
    for: { type: 'string' },
    comment: { type: 'string' },
    by: { type: 'string' },
  });
  const signals = values.signal ?? [];
  if (values.token === undefined && values.consumer === undefined && signals.length === 0)
    throw new UsageError(`silence add needs --token, --consumer or --signal\n${USAGE}`);
  if (values.token !== undefined && !TokenFingerprint.safeParse(values.token).success)
    throw new UsageError('--token takes a token fingerprint (16..64 lowercase hex chars), never a raw token');
  const bad = signals.find((t) => !SignalType.safeParse(t).success);
  if (bad !== undefined) throw new UsageError(`--signal must be one of ${SignalType.options.join(', ')}, got "${bad}"`);
  const ms = values.for === undefined ? undefined : parseDuration(values.for);
  if (ms === undefined || ms <= 0) throw new UsageError(`silence add needs --for DURATION (e.g. 30m, 2h, 1d)\n${USAGE}`);
  if (ms > MAX_SILENCE_MS) throw new UsageError('--for is at most 90d');
  return {
    matchers: {
      ...(values.token !== undefined ? { token: values.token } : {}),
      ...(values.consumer !== undefined ? { consumer: values.consumer } : {}),
      ...(signals.length > 0 ? { signals: signals as SignalType[] } : {}),
    },
    startsAt: now,
    endsAt: now + ms,
    createdBy: cliUser(values.by),
    comment: values.comment ?? '',
  };
}

function parse<O extends ParseArgsConfig['options']>(args: string[], options: O) {
  return parseCommandLine({ args, options, allowPositionals: true, strict: true }, USAGE);
}
