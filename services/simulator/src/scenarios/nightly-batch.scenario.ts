import { nightlyRunStart } from '../traffic/organic.stream';
import { HOUR_MS, nextLocalTime } from '../world/local-time';
import type { Scenario } from './scenario';

/** A nightly ETL run: big, at night, and every night. */
export const nightlyBatchScenario: Scenario = {
  name: 'nightly-batch',
  label: 'benign',
  summary:
    'A nightly ETL token pages through changes (≈240 KB pages) and downloads an export (MBs) between 00:30 and 04:30 local time every night; the labelled run is the first one after the learning time.',
  expectedSignals: [],
  resembles: ['off_hours', 'bytes_spike', 'volume_spike'],
  victims: ['nightly-batch'],
  plan(victim, ctx) {
    const scheduled = nextLocalTime(ctx.learningEnd, victim.home.timeZone, victim.jobHour);
    const start = nightlyRunStart(victim, ctx.seed, scheduled);
    const end = start + 2 * HOUR_MS;
    if (start < ctx.learningEnd || end > ctx.period.end) return undefined;
    return { start, end, detail: `The run at ${new Date(start).toISOString()} (local job hour ${victim.jobHour.toFixed(2)} in ${victim.home.city}).` };
  },
};
