#!/usr/bin/env bash
# The fault drills of issue 14, one at a time (a 2-core machine), each printing its figures.
# Needs the local broker (`tokenwatch kafka start`, port 9092) for the notifier and disk drills; the cluster
# drill starts its own 3 brokers on free ports; the disk drill mounts a tmpfs (root). Usage: test/chaos/run.sh [state|outage|disk|cluster|notifier|sink|all]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
which=${1:-all}
failed=0

drill() {
  local name=$1 pattern=$2; shift 2
  local started rc out
  started=$(date +%s)
  out=$(NO_COLOR=1 pnpm -s vitest run --reporter verbose "$@" 2>&1)
  rc=$?
  echo "== $name: $([ $rc -eq 0 ] && echo pass || echo FAIL) in $(( $(date +%s) - started )) s"
  grep -E "$pattern" <<<"$out" | sed 's/^/   /'
  [ $rc -eq 0 ] || { failed=1; tail -40 <<<"$out" | sed 's/^/   | /'; }
}

case $which in state|all)
  TOKENWATCH_DRILL_KILLS=${TOKENWATCH_DRILL_KILLS:-10} drill "tokenwatch up killed with SIGKILL ${TOKENWATCH_DRILL_KILLS:-10} times mid-stream; three scorers in one group, one killed" '^state-changelog \+' --project e2e test/e2e/state-changelog.e2e.test.ts ;;
esac
case $which in outage|all)
  TOKENWATCH_OUTAGE_SECONDS=${TOKENWATCH_OUTAGE_SECONDS:-60} drill "the Kafka cluster down for ${TOKENWATCH_OUTAGE_SECONDS:-60} s under tokenwatch up" '^broker-outage \+' --project e2e test/e2e/broker-outage.e2e.test.ts ;;
esac
case $which in disk|all)
  drill "the disk under chDB full for ${TOKENWATCH_DISK_FULL_SECONDS:-20} s under tokenwatch up" '^disk-full \+' --project e2e test/e2e/disk-full.e2e.test.ts ;;
esac
case $which in cluster|all)
  drill "3-broker cluster, one broker killed with SIGKILL mid-stream (acks=all)" '^kafka-cluster \+' --project e2e test/e2e/kafka-cluster.e2e.test.ts ;;
esac
case $which in notifier|all)
  drill "tokenwatch run notifier killed with SIGKILL while Slack and PagerDuty hold the request" '^notifier-kill:' --project e2e test/e2e/notifier-kill.e2e.test.ts
  drill "crash points between sending and recording (in-process, real receivers, chDB)" '✓|×' --project unit services/notifier/src/delivery/exactly-once.crash.test.ts ;;
esac
case $which in sink|all)
  drill "a sink down for 60 s (manual clock), then one down for longer than TOKENWATCH_NOTIFY_RETRY_FOR" '✓|×' --project unit services/notifier/src/delivery/sink-outage.test.ts ;;
esac
exit $failed
