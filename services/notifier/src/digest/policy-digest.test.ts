import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignedRequest } from '../transports/webhook.signature';
import { buildPolicyDigest, sendPolicyDigest, slackDigestMessage, type DigestToken } from './policy-digest';

const NOW = Date.UTC(2026, 10, 20, 8);
const tokens: DigestToken[] = [
  {
    fp: 'a1'.repeat(16),
    hint: 'x9Qz',
    consumer: 'billing',
    policy: 'default',
    conditions: ['past_max_age', 'rotation_overdue'],
    violations: ['400 days old, past the maximum age of 365 days', 'rotation overdue: every 90 days, first seen 400 days ago'],
  },
  { fp: 'b2'.repeat(16), hint: null, consumer: null, policy: 'ci', conditions: ['dormant'], violations: ['silent for 45 days (dormant after 30)'] },
];

describe('policy digest', () => {
  it('counts conditions and carries a deterministic id per day', () => {
    const d = buildPolicyDigest(tokens, NOW);
    expect(d).toMatchObject({
      type: 'tokenwatch.policy_digest.v1',
      id: 'policy-digest-2026-11-20',
      day: '2026-11-20',
      counts: { past_max_age: 1, rotation_overdue: 1, dormant: 1 },
    });
    const slack = slackDigestMessage(d);
    expect(slack.text).toBe('Token policy digest 2026-11-20: 2 tokens past policy (1 past max age, 1 rotation overdue, 1 dormant)');
    expect(JSON.stringify(slack.blocks)).toContain('`a1a1a1a1a1a1a1a1` …x9Qz (billing) — 400 days old, past the maximum age of 365 days; rotation overdue');
  });

  describe('delivery over real HTTP', () => {
    const received: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          received.push({ path: req.url ?? '', headers: req.headers, body });
          res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('posts the Slack message and the signed JSON digest', async () => {
      const d = buildPolicyDigest(tokens, NOW);
      const results = await sendPolicyDigest(
        d,
        { slack: { webhookUrl: `${base}/slack` }, webhook: { url: `${base}/hook`, secret: 'digest-secret-0123456789' }, timeoutMs: 5_000 },
        () => NOW,
      );
      expect(results).toEqual([
        { transport: 'slack', result: { kind: 'ok' } },
        { transport: 'webhook', result: { kind: 'ok' } },
      ]);
      const slack = received.find((r) => r.path === '/slack')!;
      expect(JSON.parse(slack.body).text).toContain('2 tokens past policy');
      const hook = received.find((r) => r.path === '/hook')!;
      expect(JSON.parse(hook.body)).toEqual(d);
      expect(hook.headers['x-tokenwatch-delivery']).toBe('policy-digest-2026-11-20');
      expect(verifySignedRequest('digest-secret-0123456789', hook.body, hook.headers as Record<string, string>, NOW)).toEqual({ ok: true });
    });
  });
});
