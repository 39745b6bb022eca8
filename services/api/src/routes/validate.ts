import type { Response } from 'express';
import type { z } from 'zod';

/** Parses `input`; on failure answers 400 with the problems and returns undefined. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, res: Response): z.infer<S> | undefined {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  res.status(400).json({
    error: 'invalid request',
    problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
  return undefined;
}
