import type { AccessEvent, StepResult } from '@tokenwatch/contracts';
import type { GatewayAdapter } from '../adapter';
import { normalizeMessage } from '../message/message.normalizer';

/** "Now" for the sample tests: after every sample's time, fixed so that no test reads the clock. */
export const SAMPLE_NOW = Date.UTC(2030, 0, 1);

export interface AdapterProbe {
  /** What one line becomes (the format's default adapter unless another is given). */
  run(line: string, adapter?: GatewayAdapter): StepResult<AccessEvent>;
  /** An event as `kind hint ip method path`, else the reject reason (or `retry`). */
  summary(line: string, adapter?: GatewayAdapter): string;
}

/** run and summary for an adapter's tests. */
export function adapterProbe(createDefault: () => GatewayAdapter, fingerprintKey: string): AdapterProbe {
  const run = (line: string, adapter = createDefault()) => normalizeMessage(line, adapter, { fingerprintKey, now: SAMPLE_NOW })[0]!.result;
  const summary = (line: string, adapter = createDefault()) => {
    const r = run(line, adapter);
    return r.kind === 'ok'
      ? `${r.value.token.kind} ${r.value.token.hint} ${r.value.ip} ${r.value.method} ${r.value.path}`
      : r.kind === 'reject'
        ? r.reason
        : r.kind;
  };
  return { run, summary };
}
