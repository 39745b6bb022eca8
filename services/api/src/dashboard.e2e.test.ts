import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startSeededApi, type SeededApi } from './testing/api.harness';
import { FP_A, FP_B, KEYS } from './testing/seed.fixture';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} not found (Debian package chromium): skipping the dashboard test`);

let api: SeededApi;
let browser: Browser | undefined;

beforeAll(async () => {
  api = await startSeededApi();
  if (hasChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it.skipIf(!hasChromium)('shows the alert queue, an explained alert, triage and a token page', async () => {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${api.server.url}/`);
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

  // Silence this kind of alert from the alert page, then find it in the Silences view and expire it.
  await page.selectOption('#silence-scope', 'token-signal');
  await page.selectOption('#silence-for', '1d');
  await page.fill('#silence-comment', 'pen test of the billing export this week');
  await page.click('#create-silence');
  await page.locator('#silence-status', { hasText: 'Silence created until' }).waitFor();
  await page.screenshot({ path: join(shots, 'alert.png'), fullPage: true });
  await page.click('#silence-status a');
  const silence = page.locator('#silences tr[data-silence-id]', { hasText: 'pen test of the billing export this week' });
  await silence.waitFor();
  expect(await silence.innerText()).toContain('volume_spike');
  expect(await silence.innerText()).toContain('responder#1');
  await page.screenshot({ path: join(shots, 'silences.png'), fullPage: true });
  await silence.locator('button.expire').click();
  await silence.locator('td.status', { hasText: 'expired' }).waitFor();
  // The alert page now shows nothing muting it after a reload; before the expiry it did.
  await page.goto(`${api.server.url}/#/alerts/alert-a`);
  await page.locator('#silence-card').waitFor();
  expect(await page.locator('#silenced-by').count()).toBe(0);

  await page.goto(`${api.server.url}/#/tokens/${FP_A}`);
  await page.locator('#usage-chart .col').first().waitFor();
  expect(await page.locator('main').innerText()).toContain('/v1/export');
  const png = await page.screenshot({ path: join(shots, 'token.png'), fullPage: true });
  expect(png.length).toBeGreaterThan(5_000);

  // The inventory, riskiest first, each score with its reasons.
  await page.goto(`${api.server.url}/#/tokens`);
  const first = page.locator('#inventory tr[data-fp]').first();
  await first.waitFor();
  expect(await first.getAttribute('data-fp')).toBe(FP_A);
  expect(await first.locator('.risk').innerText()).toBe('65');
  expect(await first.locator('.reasons').innerText()).toContain('sensitive route used: GET /v1/export');
  await page.screenshot({ path: join(shots, 'inventory.png'), fullPage: true });
  await page.selectOption('#inventory-flag', 'sharedIps');
  await page.waitForFunction("document.querySelectorAll('#inventory tr[data-fp]').length === 1");
  expect(await page.locator('#inventory tr[data-fp]').getAttribute('data-fp')).toBe(FP_B);
  expect(await page.locator('#inventory .flag', { hasText: 'shared across IPs' }).count()).toBe(1);

  // The key lives in sessionStorage only; a wrong key sends the user back to the login form.
  expect(await page.evaluate("sessionStorage.getItem('tokenwatch.apiKey')")).toBe(KEYS.responder);
  await page.evaluate("sessionStorage.setItem('tokenwatch.apiKey', 'wrong-key-000000000000')");
  await page.reload();
  await page.locator('#login-error', { hasText: 'not accepted' }).waitFor();
  await page.close();
}, 60_000);
