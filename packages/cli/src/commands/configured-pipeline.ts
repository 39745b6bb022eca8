import { resolveFingerprintKey } from '@tokenwatch/config';
import { startConfiguredIngestPipeline, type ConfiguredPipelineOptions as IngestPipelineOptions, type IngestPipeline } from '@tokenwatch/ingest';
import { createConfiguredDetector } from '../detector-config';

/** What `up` and `run ingest` pass; the fingerprint key and the detector are resolved here. */
export type ConfiguredPipelineOptions = Omit<IngestPipelineOptions, 'fingerprintKey' | 'scorer'> & { home: string };

/** The ingest pipeline as the settings describe it, with the fingerprint key and the detector tuning file resolved: `tokenwatch up` and `tokenwatch run ingest`. */
export async function startConfiguredPipeline(o: ConfiguredPipelineOptions): Promise<IngestPipeline> {
  const { config } = o;
  return startConfiguredIngestPipeline({
    ...o,
    fingerprintKey: resolveFingerprintKey({ configured: config.TOKENWATCH_FINGERPRINT_KEY, home: o.home, production: config.TOKENWATCH_ENV === 'production' }),
    scorer: await createConfiguredDetector(config.TOKENWATCH_DETECTOR_CONFIG),
  });
}
