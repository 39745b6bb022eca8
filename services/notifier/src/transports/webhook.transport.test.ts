import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../notifier.types';
import { FP_1, makeAlert } from '../testing/alerts.fixture';
import { checkOcsfDetectionFinding, checkSignedAlertWebhook } from '../testing/contract-checks';
import { startReceiver, type Receiver } from '../testing/http-receiver';
import { ManualClock } from '../testing/manual-clock';
import { toDetectionFinding } from './ocsf.mapper';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignedRequest } from './webhook.signature';
import { createWebhookTransport } from './webhook.transport';

const SECRET = 'webhook-secret-0123456789';
let hook: Receiver;
beforeAll(async () => {
  hook = await startReceiver({ respond: { status: 204 } });
});
afterAll(() => hook.close());

const alert = makeAlert({ id: 'alert-1', summary: 'Ünïcode & <tags> — 🚨' });
const notification: Notification = {
  id: 'delivery-1',
  transport: 'webhook',
  action: 'trigger',
  route: 'siem',
  groupKey: `tokenwatch/siem/${FP_1}`,
  token: alert.token,
  profile: { consumer: null, labels: {}, kind: null, credentialId: null },
  severity: alert.severity,
  alerts: [alert],
  earlierCount: 0,
  repeat: false,
  notes: [],
};

describe('signed webhook', () => {
  it('posts exactly the Alert v1 JSON, signed over the exact body bytes', async () => {
    const clock = new ManualClock(Date.now());
    const t = createWebhookTransport({ url: `${hook.url}/in`, secret: SECRET, timeoutMs: 2_000, clock });
    expect(await t.deliver(notification)).toEqual({ kind: 'ok' });
    const req = hook.requests[0]!;
    expect(req.json).toEqual(alert);
    const expected = `sha256=${createHmac('sha256', SECRET).update(req.raw).digest('hex')}`;
    expect(req.headers[SIGNATURE_HEADER]).toBe(expected);
    expect(req.headers['x-tokenwatch-delivery']).toBe('delivery-1');
    expect(checkSignedAlertWebhook(req, SECRET)).toEqual([]);
  });

  it('a receiver rejects a tampered body, a wrong secret and a replayed old request', async () => {
    const req = hook.requests[0]!;
    const now = Number(req.headers[TIMESTAMP_HEADER]) * 1000;
    expect(verifySignedRequest(SECRET, Buffer.from(req.body.replace('alert-1', 'alert-2')), req.headers, now)).toEqual({
      ok: false,
      reason: 'bad body signature',
    });
    expect(verifySignedRequest('another-secret-000000', req.raw, req.headers, now).ok).toBe(false);
    expect(verifySignedRequest(SECRET, req.raw, { ...req.headers, [TIMESTAMP_HEADER]: String(now / 1000 + 1) }, now)).toEqual({
      ok: false,
      reason: 'bad timestamp signature',
    });
    expect(verifySignedRequest(SECRET, req.raw, req.headers, now + 301_000)).toEqual({ ok: false, reason: 'timestamp outside tolerance' });
  });
});

describe('OCSF Detection Finding', () => {
  it('maps a firing alert to Create and a resolved one to Close, with every required attribute', () => {
    const profile = { consumer: 'acme', labels: { team: 'payments' }, kind: null, credentialId: null };
    const created = toDetectionFinding(alert, profile);
    expect(checkOcsfDetectionFinding(created)).toEqual([]);
    expect(created).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      severity_id: 4,
      status_id: 1,
      is_alert: true,
      time: alert.ts,
    });
    expect(created.finding_info).toMatchObject({ uid: 'alert-1', types: ['volume_spike'], first_seen_time: alert.window.start });
    expect(created.resources[0]).toEqual({ uid: FP_1, name: 'x9Qz', type: 'API Token', labels: ['team:payments'] });
    const closed = toDetectionFinding({ ...alert, state: 'resolved', severity: 'critical' }, profile);
    expect(checkOcsfDetectionFinding(closed)).toEqual([]);
    expect(closed).toMatchObject({ activity_id: 3, type_uid: 200403, status_id: 4, severity_id: 5, is_alert: false });
  });
});
