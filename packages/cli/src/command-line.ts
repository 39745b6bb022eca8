import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-error';

/** node:util parseArgs; an unknown or malformed option is a UsageError, followed by the command's usage. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

/** parseArgs options that each take a value: `{ name: { type: 'string' } }` for every name. */
export function valueOptions<const N extends string>(...names: N[]): { [K in N]: { type: 'string' } } {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as { [K in N]: { type: 'string' } };
}
