import { z } from 'zod';
import { parseEnv, portField } from '@tokenwatch/config';

const ApiEnv = z.object({
  TOKENWATCH_API_HOST: z.string().min(1).default('127.0.0.1'),
  TOKENWATCH_API_PORT: portField(8080),
});
export type ApiConfig = z.infer<typeof ApiEnv>;

export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  return parseEnv(ApiEnv, env);
}
