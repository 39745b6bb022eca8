import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClickHouse, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { SignalType, TokenFingerprint } from '@tokenwatch/contracts';
import { loadIngestConfig } from '@tokenwatch/ingest';
import {
  createClickHouseAuditStore,
  createFileDeadLetterSink,
  createFileLedgerBackend,
  createFileSilenceStore,
  createMemoryAuditStore,
  DeliveryLedger,
  loadNotifierConfig,
  notifyAlerts,
  parseDuration,
  readAlertLines,
  type NotifierConfig,
  type NotifyReport,
  type RevocationAuditStore,
} from '@tokenwatch/notifier';
import { createLogger } from '@tokenwatch/observability';
import { ExitCode, UsageError } from '../cli-error';
import { clickhouseDataPath, resolveHome } from '../runtime-paths';

const USAGE = `usage: tokenwatch notify --alerts FILE|- [--dlq FILE] [--ocsf FILE] [--audit clickhouse|FILE] [--ledger FILE] [--time event|wall]
       tokenwatch notify silence add (--token FP | --consumer NAME | --signal TYPE)… --for DURATION [--comment TEXT] [--by NAME]
       tokenwatch notify silence list [--all]
       tokenwatch notify silence remove ID`;
/** Invalid lines printed one by one before only counting them. */
const MAX_INVALID_SHOWN = 20;
const say = (line: string) => process.stderr.write(`${line}\n`);

/** `tokenwatch notify`: routes, groups and delivers an Alert v1 NDJSON file; manages silences. */
export async function notifyCommand(args: string[]): Promise<number> {
  if (args[0] === 'silence') return silenceCommand(args.slice(1));
  const { values, positionals } = parse(args, {
    alerts: { type: 'string' },
    dlq: { type: 'string' },
    ocsf: { type: 'string' },
    audit: { type: 'string' },
    ledger: { type: 'string' },
    time: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (values.alerts === undefined) throw new UsageError(`notify needs --alerts FILE (Alert v1 NDJSON, or - for stdin)\n${USAGE}`);
  if (values.time !== undefined && values.time !== 'event' && values.time !== 'wall') throw new UsageError(`--time must be event or wall, got "${values.time}"`);

  const loaded = loadNotifierConfig(process.env);
  const config: NotifierConfig = values.ocsf === undefined ? loaded : { ...loaded, ocsf: { file: values.ocsf } };
  const home = resolveHome(config.home);
  const dlqPath = resolve(values.dlq ?? join(home, 'notifier', 'dlq.ndjson'));
  const ledgerPath = resolve(values.ledger ?? join(home, 'notifier', 'ledger.ndjson'));
  const { audit, close, where } = await openAudit(config, values.audit, home);

  let invalid = 0;
  const input = values.alerts === '-' ? process.stdin : createReadStream(values.alerts);
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
      log: createLogger({ name: 'tokenwatch-notify', level: 'warn' }),
      deadLetters: createFileDeadLetterSink(dlqPath),
      ledger: new DeliveryLedger(createFileLedgerBackend(ledgerPath)),
      audit,
      silences: createFileSilenceStore(resolve(config.silencesFile)),
      time: values.time === 'wall' ? 'wall' : 'event',
      onProgress: (r) => (last = r),
    });
  } finally {
    clearInterval(progress);
    await close();
  }
  say(`notify: ${summary(report)}${invalid > 0 ? `, ${invalid} invalid lines skipped` : ''} — done`);
  if (report.deadLettered > 0) say(`notify: dead letters in ${dlqPath}`);
  if (report.duplicates > 0) say(`notify: ${report.duplicates} deliveries were already done according to ${ledgerPath}`);
  if (config.revocation.mode !== 'disabled') say(`notify: revocation ${config.revocation.mode} mode, audit in ${where}`);
  return ExitCode.ok;
}

function summary(r: NotifyReport): string {
  const revocations = Object.entries(r.revocations).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${r.alerts} alerts, ${r.sent} messages sent, ${r.deadLettered} dead-lettered, ${r.silenced} silenced, ${r.inhibited} inhibited${revocations ? `, revocations: ${revocations}` : ''}`;
}

/** The audit trail: ClickHouse when asked (default with CLICKHOUSE_URL), else an NDJSON file. */
async function openAudit(config: NotifierConfig, choice: string | undefined, home: string): Promise<{ audit: RevocationAuditStore; close: () => Promise<void>; where: string }> {
  if (config.revocation.mode === 'disabled') return { audit: createMemoryAuditStore(), close: async () => undefined, where: 'nowhere (disabled)' };
  const ingest = loadIngestConfig(process.env);
  if (choice === 'clickhouse' || (choice === undefined && ingest.CLICKHOUSE_URL)) {
    const ch: ClickHouse = await createClickHouse({
      url: ingest.CLICKHOUSE_URL,
      dataPath: clickhouseDataPath(home, ingest.CLICKHOUSE_PATH),
      database: ingest.CLICKHOUSE_DATABASE,
      username: ingest.CLICKHOUSE_USER,
      password: ingest.CLICKHOUSE_PASSWORD,
    });
    try {
      await migrate(ch, { accessEventsTtlDays: ingest.TOKENWATCH_RETENTION_DAYS });
    } catch (error) {
      await ch.close();
      throw error;
    }
    return { audit: createClickHouseAuditStore(ch), close: () => ch.close(), where: `ClickHouse ${ch.database}.revocation_audit` };
  }
  const path = resolve(choice ?? join(home, 'notifier', 'revocation-audit.ndjson'));
  return { audit: createMemoryAuditStore(path), close: async () => undefined, where: path };
}

async function silenceCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const config = loadNotifierConfig(process.env);
  const store = createFileSilenceStore(resolve(config.silencesFile));
  if (action === 'list') {
    const { values } = parse(rest, { all: { type: 'boolean' } });
    const now = Date.now();
    for (const s of await store.list()) if (values.all || s.endsAt > now) process.stdout.write(`${JSON.stringify(s)}\n`);
    return ExitCode.ok;
  }
  if (action === 'remove') {
    const { positionals } = parse(rest, {});
    if (positionals.length !== 1) throw new UsageError(`silence remove takes one silence id\n${USAGE}`);
    if (!(await store.remove(positionals[0] as string))) {
      say(`tokenwatch: no silence with id ${positionals[0]}`);
      return ExitCode.failure;
    }
    say(`removed silence ${positionals[0]}`);
    return ExitCode.ok;
  }
  if (action !== 'add') throw new UsageError(`unknown silence action "${action ?? ''}"; expected add, list or remove\n${USAGE}`);
  const { values } = parse(rest, { token: { type: 'string' }, consumer: { type: 'string' }, signal: { type: 'string' }, for: { type: 'string' }, comment: { type: 'string' }, by: { type: 'string' } });
  if (values.token === undefined && values.consumer === undefined && values.signal === undefined) throw new UsageError(`silence add needs --token, --consumer or --signal\n${USAGE}`);
  if (values.token !== undefined && !TokenFingerprint.safeParse(values.token).success) throw new UsageError('--token takes a token fingerprint (16..64 lowercase hex chars), never a raw token');
  if (values.signal !== undefined && !SignalType.safeParse(values.signal).success) throw new UsageError(`--signal must be one of ${SignalType.options.join(', ')}`);
  const ms = values.for === undefined ? undefined : parseDuration(values.for);
  if (ms === undefined || ms <= 0) throw new UsageError(`silence add needs --for DURATION (e.g. 30m, 2h, 1d)\n${USAGE}`);
  const now = Date.now();
  const silence = await store.add({
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(values.consumer !== undefined ? { consumer: values.consumer } : {}),
    ...(values.signal !== undefined ? { signal: values.signal as SignalType } : {}),
    startsAt: now,
    endsAt: now + ms,
    createdBy: values.by ?? process.env.USER ?? 'cli',
    comment: values.comment ?? '',
  });
  process.stdout.write(`${JSON.stringify(silence)}\n`);
  return ExitCode.ok;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}
