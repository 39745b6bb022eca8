import { z } from 'zod';

/** Reusable env field parsers: every variable arrives as an optional string. */

export const portField = (fallback: number) =>
  z.coerce.number().int().min(1, 'must be a port number 1..65535').max(65_535, 'must be a port number 1..65535').default(fallback);

export const positiveIntField = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Comma-separated host:port list, e.g. "10.0.0.1:9092,10.0.0.2:9092". */
export const brokerListField = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1));

export const optionalUrlField = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

export const identifierField = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be letters, digits and _')
    .default(fallback);
