import type { z } from 'zod';

/** `text` parsed as JSON and checked against `schema`; undefined when either step fails. */
export function parseJsonAs<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
