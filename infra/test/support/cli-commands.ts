import { execFileSync } from 'node:child_process';
import { repoRoot } from './infra-files';

export interface CliCommands {
  /** First words of the commands `tokenwatch help` lists. */
  names: Set<string>;
  /** Services of `tokenwatch run`, from its usage line. */
  runServices: Set<string>;
}

/** Asks the real CLI (as `pnpm tokenwatch help` runs it) which commands it has. */
export function listCliCommands(): CliCommands {
  const help = execFileSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'help'], { cwd: repoRoot, encoding: 'utf8' });
  const block = help.split('\ncommands:\n')[1]?.split('\n\n')[0] ?? '';
  const names = new Set([...block.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!));
  const run = /^ {2}run ([\w|]+)/m.exec(block)?.[1];
  return { names, runServices: new Set(run ? run.split('|') : []) };
}

/** Problems of a container command line (`["run", "ingest"]`, `["migrate"]`) for the tokenwatch CLI. */
export function commandProblems(cli: CliCommands, args: unknown): string[] {
  if (!Array.isArray(args) || args.length === 0) return [`not a command line: ${JSON.stringify(args)}`];
  const [name, service] = args as string[];
  if (!cli.names.has(name!)) return [`"${name}" is not a tokenwatch command (${[...cli.names].join(', ')})`];
  if (name === 'run' && !cli.runServices.has(service ?? ''))
    return [`"run ${service ?? ''}": not a service of tokenwatch run (${[...cli.runServices].join(', ')})`];
  return [];
}
