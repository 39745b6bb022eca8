import ts from 'typescript';

/**
 * Import rules of the monorepo (docs/architecture.md, "Invariants"):
 * - contracts, common, formats and detector are pure: no I/O modules, no environment, no clock;
 *   formats and detector import only contracts and common among our packages, contracts none, and
 *   common (the shared helpers: geo math, UA family, IP and CIDR, LRU, serial, errors, retry) imports
 *   nothing at all, not even a Node built-in;
 * - the pipeline's stages (packages/pipeline) touch no transport: no Kafka, ClickHouse or HTTP client,
 *   no environment, clock or console; they import only contracts, common, formats, detector and geo, and
 *   get their writes as sinks and their time as arguments, so consumers, HTTP ingest, replay and the
 *   benchmarks run the same code;
 * - ClickHouse is reached through packages/clickhouse only: elsewhere no `@clickhouse/client` or chdb
 *   import and no raw `client.query/insert/command/exec` or `insertEncoded` call; a query is a named statement there,
 *   run by its runQuery (packages/clickhouse/README.md, "Adding a query");
 * - the environment is read once, by the CLI's main (docs/architecture.md, invariant 5): no other shipped
 *   file reads `process.env`; it takes its settings from the sections of the CLI's loadConfig;
 * - no package imports a service, except the CLI, which is the composition root for `tokenwatch up`;
 * - services never import each other.
 */
/** Pure packages, with the workspace packages each may import. */
const PURE_PACKAGES: Record<string, readonly string[]> = { contracts: [], common: [], formats: ['contracts', 'common'], detector: ['contracts', 'common'] };
/** Packages whose shipped code is free of transport, environment and clock, with the workspace packages each may import. */
const STAGE_PACKAGES: Record<string, readonly string[]> = { pipeline: ['contracts', 'common', 'formats', 'detector', 'geo'] };
const SERVICES = ['ingest', 'notifier', 'api', 'dashboard', 'simulator'];

const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'child_process',
  'dgram',
  'dns',
  'tls',
  'worker_threads',
  'cluster',
  'readline',
  'kafkajs',
  '@clickhouse/client',
  'chdb',
  'pino',
  'express',
  'prom-client',
  'undici',
  'geoip-lite',
  'axios',
  'ws',
];

/** Only packages/clickhouse talks to ClickHouse itself. */
const CLICKHOUSE_MODULES = ['@clickhouse/client', 'chdb'];
const RAW_CLICKHOUSE_CALL = /\.\s*client\s*\.\s*(query|insert|command|exec)\s*\(|\.\s*insertEncoded\s*(\?\.)?\s*\(/;

/** The only shipped files that read `process.env`: the CLI's entry point, and JAVA_HOME for the local broker. */
const ENV_READERS = ['packages/cli/src/main.ts', 'packages/kafka/src/local-broker/java-runtime.ts'];
const READS_ENV = /\bprocess\s*\.\s*env\b/;

/** Code that reads the environment or the clock, or writes to the console. */
const IMPURE_CODE: Array<[RegExp, string]> = [
  [/\bprocess\s*\.\s*(env|argv|stdout|stderr|exit|cwd)\b/, 'reads process state'],
  [/\bDate\s*\.\s*now\s*\(/, 'reads the clock (Date.now)'],
  [/\bnew\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
  [/\bperformance\s*\.\s*now\s*\(/, 'reads the clock (performance.now)'],
  [/\bconsole\s*\./, 'logs to the console'],
  [/\bfetch\s*\(/, 'does HTTP (fetch)'],
];

export interface SourceFile {
  /** Repo-relative path with forward slashes. */
  path: string;
  text: string;
}

export interface Violation {
  path: string;
  problem: string;
}

export function findViolations(files: SourceFile[]): Violation[] {
  return files.flatMap((file) => checkFile(file));
}

function checkFile(file: SourceFile): Violation[] {
  const [area, name, folder] = file.path.split('/');
  if ((area !== 'packages' && area !== 'services') || name === undefined) return [];
  // Benchmarks and scripts beside a package may time and print; only its shipped code must be pure.
  const shipped = folder === 'src';
  const imports = ts.preProcessFile(file.text, true, true).importedFiles.map((f) => f.fileName);
  const violations: Violation[] = [];
  const flag = (problem: string) => violations.push({ path: file.path, problem });

  const clickhouseOwner = area === 'packages' && name === 'clickhouse';
  // Pure and stage packages refuse every I/O module already.
  const ioFree = area === 'packages' && shipped && (Object.hasOwn(PURE_PACKAGES, name) || Object.hasOwn(STAGE_PACKAGES, name));
  for (const specifier of imports) {
    const target = workspaceTarget(specifier);
    if (!clickhouseOwner && !ioFree && CLICKHOUSE_MODULES.some((m) => specifier === m || specifier.startsWith(`${m}/`))) {
      flag(`imports "${specifier}": ClickHouse is reached through @tokenwatch/clickhouse`);
    }
    if (area === 'packages' && name !== 'cli' && target && SERVICES.includes(target)) flag(`package imports service "${specifier}"`);
    if (area === 'services' && target && SERVICES.includes(target) && target !== name) flag(`service imports another service "${specifier}"`);
    const stageImports = area === 'packages' && shipped ? STAGE_PACKAGES[name] : undefined;
    if (stageImports) {
      if (isIoModule(specifier)) flag(`stage package imports I/O module "${specifier}"`);
      if (target && !stageImports.includes(target)) flag(`stage package imports "${specifier}" (allowed: ${stageImports.join(', ')})`);
    }
    const pureImports = area === 'packages' && shipped && Object.hasOwn(PURE_PACKAGES, name) ? PURE_PACKAGES[name] : undefined;
    if (!pureImports) continue;
    if (isIoModule(specifier)) flag(`pure package imports I/O module "${specifier}"`);
    if (target && !pureImports.includes(target)) flag(`pure package imports "${specifier}" (allowed: ${pureImports.join(', ') || 'none'})`);
    if (name === 'common' && !target && !specifier.startsWith('.')) flag(`common imports "${specifier}" (it depends on nothing)`);
  }
  if (!clickhouseOwner && RAW_CLICKHOUSE_CALL.test(stripComments(file.text))) {
    flag('calls the ClickHouse client directly: declare a named statement in packages/clickhouse and run it with runQuery');
  }
  const kind = Object.hasOwn(PURE_PACKAGES, name) ? 'pure' : STAGE_PACKAGES[name] ? 'stage' : undefined;
  // Pure and stage packages already refuse every read of process state.
  if (shipped && !kind && !ENV_READERS.includes(file.path) && READS_ENV.test(stripComments(file.text))) {
    flag('reads process.env: only packages/cli/src/main.ts reads the environment; take the setting from its config section (loadConfig)');
  }
  if (area === 'packages' && kind && shipped) {
    const code = stripComments(file.text);
    for (const [pattern, problem] of IMPURE_CODE) if (pattern.test(code)) flag(`${kind} package ${problem}`);
  }
  return violations;
}

function isIoModule(specifier: string): boolean {
  const bare = specifier.replace(/^node:/, '');
  return IO_MODULES.some((m) => bare === m || bare.startsWith(`${m}/`));
}

function workspaceTarget(specifier: string): string | undefined {
  return specifier.startsWith('@tokenwatch/') ? specifier.slice('@tokenwatch/'.length).split('/')[0] : undefined;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}
