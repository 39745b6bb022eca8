import { describe, expect, it } from 'vitest';
import type { Notification } from '../notifier.types';
import { checkSlackPayload } from '../testing/contract-checks';
import { FP_1, makeAlert } from '../testing/alerts.fixture';
import { buildSlackMessage, escapeMrkdwn, fitMrkdwn, SLACK_LIMITS } from './slack.blocks';

function notification(overrides: Partial<Notification> = {}): Notification {
  const alerts = overrides.alerts ?? [makeAlert({ id: 'a-1' })];
  return {
    id: 'n-1',
    transport: 'slack',
    action: 'trigger',
    route: 'default',
    groupKey: `tokenwatch/default/${FP_1}`,
    token: { fp: FP_1, hint: 'x9Qz' },
    profile: { consumer: 'acme', labels: { team: 'payments' }, kind: null, credentialId: null },
    severity: 'high',
    alerts,
    earlierCount: 0,
    repeat: false,
    notes: [],
    ...overrides,
  };
}

describe('Slack Block Kit message', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b <!channel> <@U123> >x')).toBe('a &amp; b &lt;!channel&gt; &lt;@U123&gt; &gt;x');
    expect(escapeMrkdwn('*bold* _it_ `code`')).toBe('*bold* _it_ `code`');
  });

  it('fits escaped text without cutting an entity in half', () => {
    const fitted = fitMrkdwn('&'.repeat(100), 23);
    expect(fitted).toBe(`${'&amp;'.repeat(4)}…`);
    expect(Array.from(fitted).length).toBeLessThanOrEqual(23);
  });

  it('has a header, fields, one section per alert and a reference line, all within the contract', () => {
    const message = buildSlackMessage(notification());
    expect(checkSlackPayload(message)).toEqual([]);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'HIGH: token a1b2c3d4e5f6 …x9Qz · volume spike' } });
    expect(JSON.stringify(message)).toContain('*Consumer*\\nacme');
    expect(JSON.stringify(message)).toContain(`tokenwatch/default/${FP_1}`);
  });

  it('stays inside every limit with hostile, huge, user-controlled input', () => {
    const evil = `<!here> & <https://evil.example|click> ${'x'.repeat(10_000)}`;
    const alerts = Array.from({ length: 60 }, (_, i) =>
      makeAlert({
        id: `a-${i}`,
        summary: evil,
        token: { fp: FP_1, hint: '<@U1>&`' },
        signals: Array.from({ length: 16 }, () => ({ type: 'new_user_agent' as const, score: 0.5, observed: evil, expected: null, detail: evil })),
      }),
    );
    const message = buildSlackMessage(
      notification({
        alerts,
        token: { fp: FP_1, hint: '<@U1>&`' },
        profile: { consumer: evil, labels: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, evil])), kind: null, credentialId: null },
        notes: Array.from({ length: 20 }, () => evil),
        route: 'r',
      }),
    );
    expect(checkSlackPayload(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(JSON.stringify(message)).not.toContain('<!here>');
    expect(JSON.stringify(message)).toContain('more alerts of this token');
  });

  it('says resolved for a resolve message', () => {
    const resolved = makeAlert({ id: 'a-1', state: 'resolved' });
    const message = buildSlackMessage(notification({ action: 'resolve', alerts: [resolved] }));
    expect(message.blocks[0]).toMatchObject({ text: { text: 'Resolved: token a1b2c3d4e5f6 …x9Qz' } });
    expect(checkSlackPayload(message)).toEqual([]);
  });
});
