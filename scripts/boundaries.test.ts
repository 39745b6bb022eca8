import { describe, expect, it } from 'vitest';
import { findViolations } from './boundaries';

const check = (path: string, text: string) => findViolations([{ path, text }]).map((v) => v.problem);

describe('boundary check', () => {
  it('flags I/O imports in pure packages', () => {
    expect(check('packages/detector/src/a.ts', `import { readFileSync } from 'node:fs';`)).toEqual(['pure package imports I/O module "node:fs"']);
    expect(check('packages/formats/src/a.ts', `import { Kafka } from 'kafkajs';`)).toHaveLength(1);
    expect(check('packages/formats/src/a.ts', `const c = await import('@clickhouse/client');`)).toHaveLength(1);
    expect(check('packages/detector/src/a.ts', `import pino from 'pino';`)).toHaveLength(1);
    expect(check('packages/detector/src/a.ts', `import { createServer } from 'node:http';`)).toHaveLength(1);
  });

  it('flags the environment and the clock in pure packages, but not in comments', () => {
    expect(check('packages/detector/src/a.ts', 'const k = process.env.KEY;')).toEqual(['pure package reads process state']);
    expect(check('packages/formats/src/a.ts', 'const t = Date.now();')).toHaveLength(1);
    expect(check('packages/formats/src/a.ts', '// never call Date.now() here\nconst x = 1;')).toEqual([]);
  });

  it('lets benchmarks beside a pure package time and print', () => {
    expect(check('packages/detector/bench/a.bench.ts', 'console.log(Date.now());')).toEqual([]);
  });

  it('lets pure packages import contracts and node:crypto only', () => {
    expect(check('packages/formats/src/a.ts', `import { createHmac } from 'node:crypto';\nimport { AccessEvent } from '@tokenwatch/contracts';`)).toEqual([]);
    expect(check('packages/detector/src/a.ts', `import { kongAdapter } from '@tokenwatch/formats';`)).toHaveLength(1);
    expect(check('packages/contracts/src/a.ts', `import { x } from '@tokenwatch/formats';`)).toHaveLength(1);
  });

  it('lets pure packages import common, and common import nothing', () => {
    expect(
      check('packages/detector/src/a.ts', `import { haversineKm } from '@tokenwatch/common';\nimport type { Alert } from '@tokenwatch/contracts';`),
    ).toEqual([]);
    expect(check('packages/formats/src/a.ts', `import { CidrSet } from '@tokenwatch/common';`)).toEqual([]);
    expect(check('packages/contracts/src/a.ts', `import { serial } from '@tokenwatch/common';`)).toHaveLength(1);
    expect(check('packages/common/src/a.ts', `import { LruCache } from './lru';`)).toEqual([]);
    expect(check('packages/common/src/a.ts', `import { Alert } from '@tokenwatch/contracts';`)).toEqual([
      'pure package imports "@tokenwatch/contracts" (allowed: none)',
    ]);
    expect(check('packages/common/src/a.ts', `import { createHash } from 'node:crypto';`)).toEqual(['common imports "node:crypto" (it depends on nothing)']);
    expect(check('packages/common/src/a.ts', `import { readFileSync } from 'node:fs';`)).toHaveLength(2);
    expect(check('packages/common/src/a.ts', 'const t = Date.now();')).toEqual(['pure package reads the clock (Date.now)']);
  });

  it('keeps the pipeline stages free of transport, environment and clock', () => {
    expect(
      check(
        'packages/pipeline/src/a.ts',
        `import { gunzipSync } from 'node:zlib';\nimport { createGeoLookup } from '@tokenwatch/geo';\nimport { kongAdapter } from '@tokenwatch/formats';`,
      ),
    ).toEqual([]);
    expect(check('packages/pipeline/src/a.ts', `import { Kafka } from 'kafkajs';`)).toEqual(['stage package imports I/O module "kafkajs"']);
    expect(check('packages/pipeline/src/a.ts', `import type { ConsumedMessage } from '@tokenwatch/kafka';`)).toEqual([
      'stage package imports "@tokenwatch/kafka" (allowed: contracts, common, formats, detector, geo)',
    ]);
    expect(check('packages/pipeline/src/a.ts', `import { createClickHouse } from '@tokenwatch/clickhouse';`)).toHaveLength(1);
    expect(check('packages/pipeline/src/a.ts', 'const t = Date.now();')).toEqual(['stage package reads the clock (Date.now)']);
    expect(check('packages/pipeline/bench/a.bench.ts', `import { Kafka } from 'kafkajs';\nconsole.log(Date.now());`)).toEqual([]);
  });

  it('keeps ClickHouse behind packages/clickhouse: no client import, no raw client call elsewhere', () => {
    expect(check('services/api/src/a.ts', `import { createClient } from '@clickhouse/client';`)).toHaveLength(1);
    expect(check('packages/cli/src/a.ts', `import { createChdbConnection } from 'chdb/connection';`)).toHaveLength(1);
    expect(check('packages/cli/src/a.ts', 'const rs = await ch.client.query({ query: "SELECT 1" });')).toHaveLength(1);
    expect(check('services/notifier/src/a.ts', 'await clickhouse.client.insert({ table, values });')).toHaveLength(1);
    expect(check('services/ingest/src/a.ts', 'await ch.insertEncoded?.({ table, columns, format, payload });')).toHaveLength(1);
    expect(check('services/ingest/src/a.ts', 'await ch.insertEncoded({ table, columns, format, payload });')).toHaveLength(1);
    expect(check('packages/cli/src/a.ts', '// ch.client.query(...) is not used here\nawait countAccessEvents(ch);')).toEqual([]);
    expect(check('packages/clickhouse/src/query/run.ts', `import { createClient } from '@clickhouse/client';\nawait ch.client.query({ query });`)).toEqual([]);
  });

  it('lets only the main of the CLI read the environment', () => {
    expect(check('packages/cli/src/main.ts', 'main(process.argv.slice(2), process.env);')).toEqual([]);
    expect(check('packages/cli/src/commands/a.command.ts', 'const home = process.env.TOKENWATCH_HOME;')).toEqual([
      'reads process.env: only packages/cli/src/main.ts reads the environment; take the setting from its config section (loadConfig)',
    ]);
    expect(check('services/notifier/src/a.ts', 'const f = process.env["TOKENWATCH_SILENCES_FILE"];')).toHaveLength(1);
    expect(check('packages/geo/src/a.ts', '/** read from process.env by the CLI */\nexport const x = 1;')).toEqual([]);
    expect(check('packages/geo/bench/a.bench.ts', 'useCityDataFile(process.env.X);')).toEqual([]);
    expect(check('packages/detector/src/a.ts', 'const k = process.env.KEY;')).toEqual(['pure package reads process state']);
  });

  it('keeps services out of packages and apart from each other', () => {
    expect(check('packages/kafka/src/a.ts', `import { x } from '@tokenwatch/ingest';`)).toHaveLength(1);
    expect(check('packages/cli/src/a.ts', `import { x } from '@tokenwatch/ingest';`)).toEqual([]);
    expect(check('services/api/src/a.ts', `import { x } from '@tokenwatch/ingest';`)).toHaveLength(1);
    expect(check('services/ingest/src/a.ts', `import { readFileSync } from 'node:fs';`)).toEqual([]);
  });
});
