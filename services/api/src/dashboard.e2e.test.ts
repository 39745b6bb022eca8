import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
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

const shots = join(tmpdir(), 'tokenwatch-dashboard');
const svgTexts = (page: Page, selector: string) => page.locator(`${selector} svg text`).allTextContents();

it.skipIf(!hasChromium)(
  'shows the overview, the queue, an explained alert with its map, triage by keyboard and a token page',
  async () => {
    if (!browser) throw new Error('no browser');
    mkdirSync(shots, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Kolkata' });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.stack ?? error.message));
    await page.goto(`${api.server.url}/`);
    await page.fill('#api-key', KEYS.responder);
    await page.click('#login button[type=submit]');

    // Overview: key figures, and charts whose axes a person can read.
    await page.locator('#kpi-firing .kpi-value', { hasText: '2' }).waitFor();
    await page.locator('#alerts-over-time svg text').first().waitFor();
    const alertAxis = await svgTexts(page, '#alerts-over-time');
    expect(alertAxis).toContain('Alerts');
    expect(alertAxis).toContain('Detected (UTC)');
    // Hour labels in UTC whatever the browser's zone (Kolkata is 5:30 ahead): the API's clock is 12:00 UTC.
    expect(alertAxis).toEqual(expect.arrayContaining(['08:00', '12:00', 'Nov 20']));
    expect(await svgTexts(page, '#top-signals')).toEqual(expect.arrayContaining(['new_country', 'dormant_reactivation', 'Alerts']));
    expect(await svgTexts(page, '#events-over-time')).toEqual(expect.arrayContaining(['Events', 'Event time (UTC)']));
    expect(await page.locator('#top-tokens tr').count()).toBe(3);
    await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });

    // The queue, ordered by the server: firing first (high, then low), then the resolved one.
    await page.click('header nav a[href="#/alerts"]');
    const rows = page.locator('#alert-queue tr[data-alert-id]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-alert-id')))).toEqual(['alert-a', 'alert-b', 'alert-c']);
    expect(await page.locator('#queue-range').innerText()).toContain('Alerts 1–3 of 3');
    await page.selectOption('#queue-state', 'firing');
    await page.waitForFunction("document.querySelectorAll('#alert-queue tr[data-alert-id]').length === 2");
    await page.selectOption('#queue-state', '');
    await page.waitForFunction("document.querySelectorAll('#alert-queue tr[data-alert-id]').length === 3");
    await page.screenshot({ path: join(shots, 'alerts.png'), fullPage: true });

    // Keyboard: j moves down, k back up, o opens the current alert.
    await page.keyboard.press('j');
    expect(await page.locator('#alert-queue tr.current').getAttribute('data-alert-id')).toBe('alert-b');
    await page.keyboard.press('k');
    expect(await page.locator('#alert-queue tr.current').getAttribute('data-alert-id')).toBe('alert-a');
    await page.keyboard.press('o');
    await page.locator('#explanation li').first().waitFor();
    expect(await page.locator('#explanation').innerText()).toContain('30 requests in 5 minutes against a baseline of 4');

    // The map: country shapes drawn, the usual place and the alert's path labelled.
    await page.locator('#alert-map svg path').nth(100).waitFor();
    expect(await page.locator('#alert-map svg path').count()).toBeGreaterThan(150);
    expect(await svgTexts(page, '#alert-map')).toEqual(expect.arrayContaining(['Berlin, DE (before)', 'São Paulo, BR']));
    expect(await page.locator('#alert-path').innerText()).toContain('Berlin, DE (last place before the alert');

    // Triage by keyboard: a asks for a reason, Ctrl+Enter sends it.
    await page.keyboard.press('a');
    expect(await page.evaluate('document.activeElement.id')).toBe('triage-reason');
    await page.keyboard.type('confirmed leak, rotating');
    await page.keyboard.press('Control+Enter');
    await page.locator('#triage-status', { hasText: 'ack by responder#1' }).waitFor();
    await page.screenshot({ path: join(shots, 'alert.png'), fullPage: true });

    // Silence this kind of alert from the alert page, then find it in the Silences view and expire it.
    await page.selectOption('#silence-scope', 'token-signal');
    await page.selectOption('#silence-for', '1d');
    await page.fill('#silence-comment', 'pen test of the billing export this week');
    await page.click('#create-silence');
    await page.locator('#silence-status', { hasText: 'Silence created until' }).waitFor();
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

    // The token page: volume chart with named axes and UTC hours, lifecycle facts, networks.
    await page.goto(`${api.server.url}/#/tokens/${FP_A}`);
    await page.locator('#usage-chart svg text').first().waitFor();
    const usageAxis = await svgTexts(page, '#usage-chart');
    expect(usageAxis).toEqual(expect.arrayContaining(['Requests per hour', 'Time (UTC)', 'expected range (± 2σ)', 'Nov 14', 'Nov 20', '30']));
    expect(await page.locator('#fact-consumer').innerText()).toBe('billing');
    expect(await page.locator('#fact-kind').innerText()).toBe('api_key');
    expect(await page.locator('#fact-age').innerText()).toBe('100 days');
    expect(await page.locator('#fact-first-seen').innerText()).toBe('2026-08-12 12:00:00Z');
    expect(await page.locator('#lifecycle').innerText()).toContain('rotation overdue');
    expect(await page.locator('#routes').innerText()).toContain('/v1/export');
    expect(await page.locator('#networks tr').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(shots, 'token.png'), fullPage: true });

    // The inventory, riskiest first, each score with its reasons and the lifecycle columns.
    await page.goto(`${api.server.url}/#/tokens`);
    const first = page.locator('#inventory tr[data-fp]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-fp')).toBe(FP_A);
    expect(await first.locator('.risk').innerText()).toBe('65');
    expect(await first.locator('.reasons').innerText()).toContain('sensitive route used: GET /v1/export');
    expect(await first.locator('.first-seen').innerText()).toBe('2026-08-12');
    expect(await first.locator('.age').innerText()).toBe('100');
    expect(await first.locator('.policy').innerText()).toBe('rotation overdue');
    await page.screenshot({ path: join(shots, 'inventory.png'), fullPage: true });
    await page.selectOption('#inventory-flag', 'sharedIps');
    await page.waitForFunction("document.querySelectorAll('#inventory tr[data-fp]').length === 1");
    expect(await page.locator('#inventory tr[data-fp]').getAttribute('data-fp')).toBe(FP_B);
    expect(await page.locator('#inventory .flag', { hasText: 'shared across IPs' }).count()).toBe(1);
    await page.selectOption('#inventory-flag', '');
    await page.selectOption('#inventory-policy', 'rotation_overdue');
    await page.waitForFunction(`[...document.querySelectorAll('#inventory tr[data-fp]')].map((r) => r.dataset.fp).join() === '${FP_A}'`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toBe('tokens.csv');
    const csv = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(`${FP_A},x9Qz,api_key,billing,`);

    // The key lives in sessionStorage only; a wrong key sends the user back to the login form.
    expect(await page.evaluate("sessionStorage.getItem('tokenwatch.apiKey')")).toBe(KEYS.responder);
    await page.evaluate("sessionStorage.setItem('tokenwatch.apiKey', 'wrong-key-000000000000')");
    await page.reload();
    await page.locator('#login-error', { hasText: 'not accepted' }).waitFor();
    expect(failures).toEqual([]);
    await page.close();
  },
  90_000,
);
