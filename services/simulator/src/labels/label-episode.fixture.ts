import type { SignalType } from '@tokenwatch/contracts';
import type { LabelEpisode } from './labels.schema';

/** A labelled episode on an `api_key` token, for tests; the scenario is the id up to its `#`. */
export function labelEpisode(
  id: string,
  label: LabelEpisode['label'],
  token: string,
  start: number,
  end: number,
  expectedSignals: SignalType[] = [],
): LabelEpisode {
  return { id, scenario: id.split('#')[0]!, label, token, tokenKind: 'api_key', start, end, expectedSignals };
}
