import { z } from 'zod';

/**
 * Zod schemas for the values of a JSONEachRow row. ClickHouse may send a 64-bit integer as a JSON
 * string (`output_format_json_quote_64bit_integers`), so numbers accept both.
 */
export const chNumber = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isFinite(n)) return n;
  ctx.addIssue({ code: 'custom', message: `expected a number from ClickHouse, got ${JSON.stringify(value)}`, input: value });
  return z.NEVER;
});

/** A Nullable number column (absent reads as null). */
export const chNullableNumber = chNumber.nullish().transform((v) => v ?? null);

/** A Nullable(String) column (absent reads as null). */
export const chNullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

/** A String column whose empty value means "unknown" (anyLast, a LEFT JOIN's default): '' and null read as null. */
export const chText = z
  .string()
  .nullish()
  .transform((v) => (v === '' || v === undefined ? null : v));

/** A Bool or UInt8 flag. */
export const chFlag = z.union([z.boolean(), chNumber]).transform((v) => (typeof v === 'boolean' ? v : v !== 0));

export const chStrings = z.array(z.string());
export const chNumbers = z.array(chNumber);

/** The `{limit:UInt32}` of a list (checked by assertLimit before, with its RangeError). */
export const chLimit = z.number().int().min(1).max(100_000);
/** An Int64 parameter of epoch ms. */
export const chEpochMs = z.number().int();
/** A `{name:UInt32}` parameter not checked by assertLimit. */
export const chUInt32 = z.number().int().min(0).max(4_294_967_295);
