/**
 * `tokenwatch <command> --help` (or -h): usage, options and an example for each command that has no
 * help of its own. Commands that parse --help themselves (parse, eval-sweep, tail) are not listed.
 */
const HELP: Readonly<Record<string, string>> = {
  up: `usage: tokenwatch up [--simulate]

Runs the whole product in one process: the local Kafka broker (unless KAFKA_BROKERS is set), embedded
ClickHouse (unless CLICKHOUSE_URL is set), the normalize and score consumers, the notifier, and the API
and dashboard on http://127.0.0.1:8080 (TOKENWATCH_API_HOST / TOKENWATCH_API_PORT). Without
TOKENWATCH_API_KEYS it prints a generated admin key to sign in with. Ctrl-C stops everything in order.

options:
  --simulate   feed 45 s of compressed simulated traffic with labelled attacks into the first input topic

example: ./tokenwatch up`,
  migrate: `usage: tokenwatch migrate

Applies pending ClickHouse schema migrations (embedded chDB in TOKENWATCH_HOME, or CLICKHOUSE_URL) and
says what it applied; nothing to do is not an error.`,
  run: `usage: tokenwatch run ingest|notifier|api [--migrate] [--role normalize|score]

Runs one service per process, for containers and Kubernetes, with /healthz, /readyz and /metrics.
Needs KAFKA_BROKERS (or the local broker of "tokenwatch kafka start") and CLICKHOUSE_URL for a server.

options:
  --migrate    apply pending migrations first (otherwise a pending migration stops the service)
  --role R     ingest only: run one consumer role (normalize or score) instead of both

example: KAFKA_BROKERS=kafka:9092 CLICKHOUSE_URL=http://clickhouse:8123 tokenwatch run ingest`,
  kafka: `usage: tokenwatch kafka start|stop|status [--secure | --brokers N] [--port N]

Controls the local Apache Kafka broker (KRaft, jars from Maven Central on first start) with its data in
TOKENWATCH_HOME/kafka, on 127.0.0.1:TOKENWATCH_KAFKA_PORT (9092).

options:
  --secure   the SASL_SSL broker instead, in TOKENWATCH_HOME/kafka-secure on localhost:9094: a throwaway
             CA, SCRAM-SHA-512 users and ACLs; start prints the KAFKA_* settings as export lines
  --brokers N  a local cluster of N brokers (2..9; 3 for replication factor 3 and min.insync.replicas 2)
             in TOKENWATCH_HOME/kafka-cluster/node-<n>, on ports 9192, 9194, … (controllers on the next
             port each); start restarts any broker that is down; use it with the KAFKA_BROKERS it prints
  --port N   the broker port (the controller uses the next one); with --brokers, the first broker's

example: eval "$(tokenwatch kafka start --secure)" && tokenwatch up
         tokenwatch kafka start --brokers 3 && KAFKA_BROKERS=127.0.0.1:9192,127.0.0.1:9194,127.0.0.1:9196 tokenwatch up`,
  produce: `usage: tokenwatch produce [--topic T] [FILE|-]

Sends each line of FILE (or stdin) as one message to the raw topic gateway.access.v1 (under
TOKENWATCH_TOPIC_PREFIX), or to T.

example: tokenwatch produce access.log`,
  replay: `usage: tokenwatch replay --format F [FILE|-] [--alerts OUT] [--reorder-window SECONDS]

Runs the detection pipeline in-process over a gateway log, in event-time order, and writes Alert v1
NDJSON (to OUT, else stdout). Uses TOKENWATCH_DETECTOR_CONFIG and the fingerprint key of "up".

options:
  --format F           kong | envoy | aws-apigw | nginx | traefik | apisix | custom | auto
  --alerts OUT         where the alerts go
  --reorder-window S   events up to S seconds out of order are put back in order

example: tokenwatch replay --format kong traffic.jsonl --alerts alerts.ndjson`,
  baselines: `usage: tokenwatch baselines rebuild --since D [--dry-run] | baselines status

rebuild   relearn every token's detector state from stored access events of the last D (e.g. 14d),
          e.g. after changing TOKENWATCH_DETECTOR_CONFIG; --dry-run says what it would do
status    what token_baselines holds: tokens, learning and active, newest row`,
  tokens: `usage: tokenwatch tokens [--due] [--csv] [--notify] [--sort risk|last_seen|volume] [--policy FILE]

Lists every known token (stored events within retention, or a detector baseline) with its lifecycle
under the token policy (TOKENWATCH_TOKEN_POLICY, or --policy; see packages/lifecycle/README.md): first
seen, age, idle days, the policy rule, its state (ok, rotation_due, rotation_overdue, past_max_age,
dormant), the rotation date, long-lived and shared across many clients, and the risk score.

options:
  --due        only tokens due for rotation or worse (overdue, past their maximum age, dormant)
  --csv        CSV with every column of the dashboard's export instead of a table
  --notify     send the digest of tokens past policy (overdue, past maximum age, dormant) to Slack
               (TOKENWATCH_SLACK_WEBHOOK_URL) and the signed webhook (TOKENWATCH_WEBHOOK_URL); run it daily
  --sort S     risk (default), last_seen or volume
  --policy F   this policy file instead of TOKENWATCH_TOKEN_POLICY

examples: tokenwatch tokens --due --csv > due.csv
          0 8 * * *  tokenwatch tokens --notify     (crontab: the daily digest at 08:00)`,
  'score-series': `usage: tokenwatch score-series [FILE|-] [--out OUT] [--direction up|both]

The volume detector over one entity's timestamp,value CSV: writes timestamp,value,anomaly_score with a
causal score in 0..1 per row. --direction up (default) scores rises only; both also scores drops.

example: tokenwatch score-series requests.csv --out scored.csv`,
  simulate: `usage: tokenwatch simulate [--tokens N] [--days D] [--seed S] [--format F] [--start ISO|now]
                           (--out FILE --labels FILE | --kafka [--rate N | --speed X])
                           [--episodes N] [--scenarios a,b] [--learning F]

Generates realistic gateway traffic for N tokens over D days with labelled attack episodes and benign
look-alikes, to a file (with a labels file for "evaluate") or to Kafka.

example: tokenwatch simulate --tokens 500 --days 14 --seed s1 --format kong --out t.jsonl --labels l.json`,
  evaluate: `usage: tokenwatch evaluate --alerts FILE --labels FILE [--min-severity S] [--grace SECONDS] [--key K] [--out JSON]

Scores alerts against simulation labels: recall and latency per scenario, false alarms per 1,000
token-days, alerts per episode. --min-severity (medium) counts alerts at or above it.

example: tokenwatch evaluate --alerts alerts.ndjson --labels l.json --out report.json`,
  notify: `usage: tokenwatch notify --alerts FILE|- [--dlq FILE] [--ocsf FILE] [--audit clickhouse|FILE] [--silences clickhouse|FILE] [--ledger FILE] [--time event|wall]
       tokenwatch notify silence add (--token FP | --consumer NAME | --signal TYPE…)… --for DURATION [--comment TEXT] [--by NAME]
       tokenwatch notify silence list [--all]
       tokenwatch notify silence remove ID

Delivers an Alert v1 NDJSON file through the configured routes (Slack, PagerDuty, webhook, OCSF,
revocation), and manages the silences shared with the API and dashboard.`,
};

/** The help text of a command, when its arguments ask for help and it has no help of its own. */
export function helpFor(command: string, args: readonly string[]): string | undefined {
  if (!args.includes('--help') && !args.includes('-h')) return undefined;
  return HELP[command];
}

export const commandsWithHelp = (): string[] => Object.keys(HELP);
