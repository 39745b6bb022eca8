import { readFileSync } from 'node:fs';
import { TokenwatchError } from '@tokenwatch/common';
import { TokenPolicy, DEFAULT_TOKEN_POLICY } from './token-policy.schema';

export const TOKEN_POLICY_ENV = 'TOKENWATCH_TOKEN_POLICY';

/** A policy file that cannot be used; the message is one line naming the file and the field. */
export class TokenPolicyError extends TokenwatchError {
  constructor(message: string) {
    super(message, { code: 'INVALID_TOKEN_POLICY' });
  }
}

/** Parses policy JSON text; `source` names it in errors. */
export function parseTokenPolicy(text: string, source: string): TokenPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TokenPolicyError(`${source}: not JSON (${(error as Error).message})`);
  }
  const result = TokenPolicy.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '(top level)';
  throw new TokenPolicyError(`${source}: ${field}: ${issue?.message ?? 'invalid'}`);
}

/** The policy file at `path`. */
export function loadTokenPolicyFile(path: string): TokenPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TokenPolicyError(`${path}: cannot read the token policy (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseTokenPolicy(text, path);
}

/** The policy TOKENWATCH_TOKEN_POLICY names, else the default policy. */
export function tokenPolicyFromEnv(env: Record<string, string | undefined>): TokenPolicy {
  const path = env[TOKEN_POLICY_ENV];
  return path ? loadTokenPolicyFile(path) : DEFAULT_TOKEN_POLICY;
}
