import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Alert } from '@tokenwatch/contracts';

/** Longest line read as an alert; longer lines are reported and skipped. */
export const MAX_ALERT_LINE_CHARS = 1_000_000;

/**
 * Alert v1 NDJSON -> alerts, in order. Blank lines are ignored; a line that is not valid Alert v1
 * is reported with its 1-based line number and skipped.
 */
export async function* readAlertLines(input: Readable, onInvalid: (line: number, reason: string) => void): AsyncGenerator<Alert> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    if (text.length > MAX_ALERT_LINE_CHARS) {
      onInvalid(n, `line longer than ${MAX_ALERT_LINE_CHARS} characters`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      onInvalid(n, 'invalid JSON');
      continue;
    }
    const parsed = Alert.safeParse(json);
    if (parsed.success) yield parsed.data;
    else {
      const issue = parsed.error.issues[0];
      onInvalid(n, `not an Alert v1: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
    }
  }
}
