import { TokenwatchError } from '@tokenwatch/common';
import type { z } from 'zod';

/** A configuration problem, phrased so that the user knows which variable to fix (code INVALID_CONFIG, not retriable). */
export class ConfigError extends TokenwatchError {
  constructor(message: string) {
    super(message, { code: 'INVALID_CONFIG' });
  }
}

/** Parses environment variables once at start and fails fast with every problem on one line each. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
