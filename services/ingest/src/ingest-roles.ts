/** The consumers of the ingest service: raw -> events (normalize), events -> detector -> alerts (score), events + alerts -> ClickHouse (store). */
export const INGEST_ROLES = ['normalize', 'score', 'store'] as const;
export type IngestRole = (typeof INGEST_ROLES)[number];
/** What `tokenwatch run ingest` runs without --role. */
export const DEFAULT_INGEST_ROLES: readonly IngestRole[] = ['normalize', 'score'];

/**
 * Who writes events and alerts to ClickHouse: `inline`, the score consumer itself; `separate`, the
 * store role (in this process or another), and the scorer only publishes alerts to the alerts topic.
 */
export const ANALYTICS_WRITERS = ['inline', 'separate'] as const;
export type AnalyticsWriter = (typeof ANALYTICS_WRITERS)[number];

/** How events go from normalize to score: through the keyed events topic, or inside one process (see IngestPipelineDeps.eventsHop). */
export const EVENTS_HOPS = ['kafka', 'memory'] as const;
export type EventsHop = (typeof EVENTS_HOPS)[number];
