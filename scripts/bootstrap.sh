#!/usr/bin/env bash
# Installs what the repo needs, from nothing, and is fast when it is all there already:
# pnpm through corepack (at the version pinned in package.json), the npm packages, and Java + Maven
# for the local Kafka broker when they are missing and apt-get can install them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'bootstrap: %s\n' "$*" >&2; }

export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
# The corepack bundled with Node 20 (0.34) cannot verify pnpm's registry signature, and registry
# mirrors may serve metadata without signatures at all; the tarball's integrity hash is still checked.
export COREPACK_INTEGRITY_KEYS=0

pinned_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pinned_pnpm" ]; then
  corepack_version=$(corepack --version 2>/dev/null || echo 0.0.0)
  if [ "$(printf '%s\n' "$corepack_version" 0.35.0 | sort -V | head -1)" != "0.35.0" ]; then
    say "updating corepack ($corepack_version is too old to fetch pnpm)"
    npm install -g corepack@latest >/dev/null 2>&1 || say "could not update corepack; trying the bundled one"
  fi
  corepack enable
  say "pnpm $(pnpm --version)"
fi

stamp=node_modules/.tokenwatch-install-stamp
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm packages"
  pnpm install --frozen-lockfile >&2
  touch "$stamp"
fi

if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    say "installing Java 17 and Maven for the local Kafka broker"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless maven >&2
  else
    say "Java 17+ and Maven are needed for the local Kafka broker; install them, or set KAFKA_BROKERS to use an existing cluster"
  fi
fi
