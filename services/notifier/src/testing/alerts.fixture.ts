import { fileURLToPath } from 'node:url';
import type { Alert } from '@tokenwatch/contracts';
import { volumeSpikeSignal } from '@tokenwatch/contracts/testing';

export const FP_1 = 'a1b2c3d4e5f60718'.repeat(4);
export const FP_2 = 'feedface01234567'.repeat(4);
export const FP_3 = '0123456789abcdef'.repeat(4);

/** A valid Alert v1; override what a test is about. */
export function makeAlert(overrides: Partial<Alert> & { id: string }): Alert {
  const ts = overrides.ts ?? Date.UTC(2026, 0, 15, 11, 58, 0);
  return {
    ts,
    token: { fp: FP_1, hint: 'x9Qz' },
    severity: 'high',
    score: 0.87,
    signals: [volumeSpikeSignal()],
    summary: 'Volume spike: 1200 requests in 5 minutes (baseline 40)',
    window: { start: ts - 300_000, end: ts },
    state: 'firing',
    ...overrides,
  };
}

/** services/notifier/test-fixtures/<name> */
export const fixturePath = (name: string): string => fileURLToPath(new URL(`../../test-fixtures/${name}`, import.meta.url));
