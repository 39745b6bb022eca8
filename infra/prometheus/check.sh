#!/usr/bin/env bash
# Validates the Prometheus alerting rules, and optionally a live /metrics endpoint:
#   infra/prometheus/check.sh                        # promtool check rules
#   infra/prometheus/check.sh http://127.0.0.1:8080/metrics   # + promtool check metrics
# promtool comes with the Debian package `prometheus` (apt-get install -y prometheus).
# Without promtool the script says so and exits 0 (skipped), unless PROMTOOL_REQUIRED=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v promtool >/dev/null 2>&1; then
  echo "SKIPPED: promtool not found (install the Debian package 'prometheus')" >&2
  [[ "${PROMTOOL_REQUIRED:-0}" == "1" ]] && exit 1
  exit 0
fi

promtool check rules "$here/rules.yml"
if [[ -f "$here/rules.test.yml" ]]; then
  promtool test rules "$here/rules.test.yml"
fi

if [[ $# -ge 1 ]]; then
  if ! curl -fsS "$1" | promtool check metrics; then
    exit 1
  fi
  echo "metrics at $1: OK"
fi
