#!/usr/bin/env node
import { ConfigError } from '@tokenwatch/config';
import { useCityDataFile } from '@tokenwatch/geo';
import { ExitCode, UsageError, describeFailure } from './cli-error';
import { helpFor } from './command-help';
import { loadConfig, type Config } from './config/load-config';
import { baselinesCommand } from './commands/baselines.command';
import { kafkaCommand } from './commands/kafka.command';
import { migrateCommand } from './commands/migrate.command';
import { notifyCommand } from './commands/notify.command';
import { evaluateCommand } from './commands/evaluate.command';
import { evalSweepCommand } from './commands/eval-sweep.command';
import { parseCommand } from './commands/parse.command';
import { produceCommand } from './commands/produce.command';
import { replayCommand } from './commands/replay.command';
import { runCommand } from './commands/run.command';
import { scoreSeriesCommand } from './commands/score-series.command';
import { simulateCommand } from './commands/simulate.command';
import { tailCommand } from './commands/tail.command';
import { tokensCommand } from './commands/tokens.command';
import { upCommand } from './commands/up.command';

const USAGE = `usage: tokenwatch <command> [options]

commands:
  up [--simulate]           run everything in one process (local Kafka broker, embedded ClickHouse, API on :8080);
                            --simulate feeds it simulated traffic with attacks
  migrate                   apply ClickHouse schema migrations
  run ingest|notifier|api [--migrate]   one service per process (containers, Kubernetes); /healthz, /readyz, /metrics
  kafka start|stop|status [--secure]   control the local Kafka broker (--secure: the SASL_SSL one)
  produce [--topic T] [FILE|-]  send each line as a message to gateway.access.v1 (default) or T
  tail --format F FILE…         follow log files (rotation, truncation, restarts) into the raw topic
  parse --format F [FILE|-]     AccessEvent v1 NDJSON on stdout, rejections on stderr
  replay --format F [FILE|-] [--alerts OUT]   the detection pipeline in-process over a log file
  baselines rebuild --since D | status        relearn token baselines from stored events; show what is stored
  tokens [--due] [--csv] [--sort S]            the token inventory under the lifecycle policy (age, rotation, dormant)
  score-series [FILE|-] [--out OUT]            the volume detector over a timestamp,value CSV (causal score per row)
  simulate --tokens N --days D --seed S --format F --out FILE --labels FILE   labelled traffic
  evaluate --alerts FILE --labels FILE [--min-severity S] [--out JSON]         detection quality
  eval-sweep [--set tune|hold|all] [--quick] [--help]                          detection quality over seeds × start dates
  notify --alerts FILE | notify silence add|list|remove                       deliver alerts (Slack, PagerDuty, webhook, OCSF, revocation)

environment: see the README's configuration table (KAFKA_BROKERS, CLICKHOUSE_URL, TOKENWATCH_HOME, …)`;

type Env = Record<string, string | undefined>;
/**
 * A command takes its arguments and the configuration, read from the environment here and nowhere
 * else. `parse` alone takes the environment itself: it reads only the fingerprint key settings, unvalidated.
 */
type Command = (args: string[], config: Config, env: Env) => Promise<number>;
const commands: Record<string, Command> = {
  up: upCommand,
  migrate: migrateCommand,
  run: runCommand,
  kafka: kafkaCommand,
  produce: produceCommand,
  parse: (args, _config, env) => parseCommand(args, { env }),
  replay: replayCommand,
  'score-series': scoreSeriesCommand,
  simulate: simulateCommand,
  evaluate: evaluateCommand,
  'eval-sweep': evalSweepCommand,
  notify: notifyCommand,
  baselines: baselinesCommand,
  tokens: (args, config) => tokensCommand(args, config),
  tail: tailCommand,
};

async function main(argv: string[], env: Env): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const help = helpFor(name, args);
  if (help !== undefined) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  const config = loadConfig(env);
  // The city data every geo lookup of this process reads (TOKENWATCH_GEO_CITY_MMDB, else DB-IP Lite).
  useCityDataFile(config.geo.cityMmdb);
  return command(args, config, env);
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof ConfigError;
    process.stderr.write(`tokenwatch: ${describeFailure(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`run "tokenwatch help" for usage\n`);
    process.exitCode = usage ? ExitCode.usage : ExitCode.failure;
  },
);
