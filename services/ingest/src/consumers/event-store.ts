import type { AccessEvent, Alert } from '@tokenwatch/contracts';

/** Where the scorer makes events and alerts durable (ClickHouse in production). Resolves once stored. */
export interface EventStore {
  saveEvents(events: AccessEvent[]): Promise<void>;
  saveAlerts(alerts: Alert[]): Promise<void>;
}
