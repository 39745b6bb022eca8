import { z } from 'zod';
import { parseEnv } from '@tokenwatch/config';

const ApiEnv = z.object({
  TOKENWATCH_API_HOST: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port (tests). */
  TOKENWATCH_API_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
});
export type ApiConfig = z.infer<typeof ApiEnv>;

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  return parseEnv(ApiEnv, env);
}
