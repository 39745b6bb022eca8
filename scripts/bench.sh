#!/usr/bin/env bash
# `pnpm bench`: every benchmark, one after another, each printing its own table.
# Numbers, not pass/fail: run on a quiet machine and record them in the README's performance section.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
run() { printf '\n== %s\n' "$1"; shift; "$@"; }
run "normalize (per format and stage: parse, normalize, enrich; one core)" node --import tsx packages/pipeline/bench/normalize.bench.ts 50000
run "detector (observe events/s, hot state bytes per token)" node --expose-gc --import tsx packages/detector/bench/detector.bench.ts
run "ClickHouse inserts (embedded chDB)" node --import tsx packages/clickhouse/bench/insert.bench.ts
run "end to end through the real broker and chDB" node --import tsx test/load/pipeline.bench.ts "$@"
run "one ingest process against one process per role (normalize | score)" node --import tsx test/load/role-processes.bench.ts
