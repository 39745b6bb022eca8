import { TokenwatchError } from '@tokenwatch/common';
import type { AccessEvent, Alert } from '@tokenwatch/contracts';

/** Where the scorer makes events and alerts durable (ClickHouse in production). Resolves once stored. */
export interface EventStore {
  saveEvents(events: AccessEvent[]): Promise<void>;
  saveAlerts(alerts: Alert[]): Promise<void>;
  /** False from a failed write until a write succeeds again (ClickHouse down, disk full); absent: always true. */
  available?(): boolean;
}

/** New events refused up front because the store is failing: nothing was scored or written, so the caller may retry. */
export class StoreUnavailableError extends TokenwatchError {
  constructor() {
    super('ClickHouse is unavailable (its last write failed); retry later', { code: 'STORE_UNAVAILABLE', retriable: true });
  }
}
