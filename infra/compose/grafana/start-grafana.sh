#!/bin/sh
# Grafana provisions dashboards from files but does not fill in the ${DS_*} inputs of an exported,
# importable dashboard (infra/grafana/tokenwatch.dashboard.json). Bind a copy to the uids of the
# provisioned data sources, then start Grafana. The paths can be overridden (the infra test does).
set -eu
src="${TOKENWATCH_DASHBOARD_SRC:-/etc/tokenwatch/tokenwatch.dashboard.json}"
dir="${TOKENWATCH_DASHBOARD_DIR:-/var/lib/grafana/dashboards}"
mkdir -p "$dir"
sed -e 's/\${DS_PROMETHEUS}/prometheus/g' -e 's/\${DS_CLICKHOUSE}/clickhouse/g' "$src" > "$dir/tokenwatch.json"
exec "${GRAFANA_START:-/run.sh}" "$@"
