import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Secret } from './secret';

type Env = Record<string, unknown>;

/** Both spellings of a setting that may come from a mounted file: `NAME` and `NAME_FILE`. */
export const secretFields = <N extends string>(name: N) =>
  ({ [name]: z.string().optional(), [`${name}_FILE`]: z.string().optional() }) as Record<N | `${N}_FILE`, z.ZodOptional<z.ZodString>>;

/**
 * The value of `name`, or the content of the file `name_FILE` names (without its final line break),
 * as a Secret; undefined when neither is set. A problem becomes an issue on the variable at fault.
 */
export function readSecretSetting(env: Env, name: string, ctx: z.RefinementCtx): Secret | undefined {
  const inline = env[name];
  const file = env[`${name}_FILE`];
  if (typeof inline === 'string' && inline !== '' && typeof file === 'string' && file !== '') {
    ctx.addIssue({ code: 'custom', path: [name], message: `set ${name} or ${name}_FILE, not both` });
    return undefined;
  }
  if (typeof file === 'string' && file !== '') {
    const text = readSettingFile(`${name}_FILE`, file, ctx);
    if (text === undefined) return undefined;
    const value = text.replace(/\r?\n$/, '');
    if (value === '') ctx.addIssue({ code: 'custom', path: [`${name}_FILE`], message: `${file} is empty` });
    return value === '' ? undefined : new Secret(value);
  }
  return typeof inline === 'string' && inline !== '' ? new Secret(inline) : undefined;
}

/** The text of a file a setting names; an unreadable file is an issue on that setting. */
export function readSettingFile(variable: string, path: string, ctx: z.RefinementCtx): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    ctx.addIssue({ code: 'custom', path: [variable], message: `cannot read ${path} (${code})` });
    return undefined;
  }
}
