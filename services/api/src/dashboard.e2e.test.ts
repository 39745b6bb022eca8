import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createApiApp } from './api.app';
import { listen, type RunningServer } from './api.server';
import { parseApiKeys } from './auth/api-keys';
import { API_KEYS_ENV, FP_A, KEYS, NOW, seed } from './testing/seed.fixture';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} not found (Debian package chromium): skipping the dashboard test`);

let ch: TestClickHouse;
let server: RunningServer;
let browser: Browser | undefined;

beforeAll(async () => {
  ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
  await seed(ch);
  server = await listen(
    createApiApp({
      registry: createMetricsRegistry({ defaultMetrics: false }),
      readiness: [],
      clickhouse: ch,
      apiKeys: parseApiKeys({ TOKENWATCH_API_KEYS: API_KEYS_ENV }),
      now: () => NOW,
    }),
    '127.0.0.1',
    0,
  );
  if (hasChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ch?.dispose();
});

it.skipIf(!hasChromium)('shows the alert queue, an explained alert, triage and a token page', async () => {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/`);
  await page.fill('#api-key', KEYS.responder);
  await page.click('#login button[type=submit]');

  const rows = page.locator('#alert-queue tr[data-alert-id]');
  await rows.first().waitFor();
  // Ordered by severity: high, medium, low.
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-alert-id')))).toEqual(['alert-a', 'alert-c', 'alert-b']);

  const shots = join(tmpdir(), 'tokenwatch-dashboard');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'alerts.png'), fullPage: true });

  await page.click('a[href="#/alerts/alert-a"]');
  await page.locator('#explanation li').first().waitFor();
  expect(await page.locator('#explanation').innerText()).toContain('30 requests in 5 minutes against a baseline of 4');
  await page.fill('#triage-reason', 'confirmed leak, rotating');
  await page.click('#ack');
  await page.locator('#triage-status', { hasText: 'ack by responder#1' }).waitFor();
  await page.screenshot({ path: join(shots, 'alert.png'), fullPage: true });

  await page.goto(`${server.url}/#/tokens/${FP_A}`);
  await page.locator('#usage-chart .col').first().waitFor();
  expect(await page.locator('main').innerText()).toContain('/v1/export');
  const png = await page.screenshot({ path: join(shots, 'token.png'), fullPage: true });
  expect(png.length).toBeGreaterThan(5_000);

  await page.goto(`${server.url}/#/tokens`);
  await page.locator('#inventory td', { hasText: 'dormant' }).waitFor();

  // The key lives in sessionStorage only; a wrong key sends the user back to the login form.
  expect(await page.evaluate("sessionStorage.getItem('tokenwatch.apiKey')")).toBe(KEYS.responder);
  await page.evaluate("sessionStorage.setItem('tokenwatch.apiKey', 'wrong-key-000000000000')");
  await page.reload();
  await page.locator('#login-error', { hasText: 'not accepted' }).waitFor();
  await page.close();
}, 60_000);
