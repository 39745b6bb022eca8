import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential read from the environment or a mounted file. It prints, logs and serialises as
 * "[redacted]" (String, JSON, util.inspect, pino), so a config object can be logged whole; only
 * the client that needs the value calls `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
