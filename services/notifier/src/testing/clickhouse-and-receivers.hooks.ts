import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { startReceivers, type Receivers } from './notifier.harness';

/**
 * For a test file: one embedded ClickHouse and the HTTP receivers, handed to `opened` before its
 * tests and closed after them; what the receivers recorded is cleared before each test.
 */
export function withClickHouseAndReceivers(opened: (ch: TestClickHouse, r: Receivers) => void): void {
  let ch: TestClickHouse | undefined;
  let r: Receivers | undefined;
  beforeAll(async () => {
    ch = await createTestClickHouse();
    r = await startReceivers();
    opened(ch, r);
  }, 60_000);
  afterAll(async () => {
    await r?.close();
    await ch?.dispose();
  });
  beforeEach(() => r?.reset());
}
