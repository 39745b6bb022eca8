import { sendHttp } from '../delivery/http.client';
import type { NotifierConfig } from '../notifier.config';
import type { DeliveryResult } from '../notifier.types';
import { escapeMrkdwn } from '../transports/slack.blocks';
import { signatureHeaders } from '../transports/webhook.signature';

/** A token past its lifecycle policy, as the digest names it (fingerprint and hint, never a secret). */
export interface DigestToken {
  fp: string;
  hint: string | null;
  consumer: string | null;
  /** The policy rule that applies. */
  policy: string;
  /** Conditions worst first: past_max_age, rotation_overdue, dormant, rotation_due. */
  conditions: string[];
  /** One sentence per condition, with the numbers. */
  violations: string[];
}

/** The daily digest of tokens past policy; the webhook receives it as JSON, Slack as a message. */
export interface PolicyDigest {
  type: 'tokenwatch.policy_digest.v1';
  /** Deterministic per day: a receiver drops a second delivery of the same day's digest. */
  id: string;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  generatedAt: number;
  /** How many tokens hold each condition. */
  counts: Record<string, number>;
  tokens: DigestToken[];
}

/** The digest of `tokens` (already filtered to those past policy) at `now`. */
export function buildPolicyDigest(tokens: readonly DigestToken[], now: number): PolicyDigest {
  const day = new Date(now).toISOString().slice(0, 10);
  const counts: Record<string, number> = {};
  for (const t of tokens) for (const c of t.conditions) counts[c] = (counts[c] ?? 0) + 1;
  return { type: 'tokenwatch.policy_digest.v1', id: `policy-digest-${day}`, day, generatedAt: now, counts, tokens: [...tokens] };
}

const SLACK_LINES = 20;

/** The Slack message: a headline with the counts, then the first tokens, each with why. */
export function slackDigestMessage(d: PolicyDigest): { text: string; blocks: object[] } {
  const summary = Object.entries(d.counts)
    .map(([c, n]) => `${n} ${c.replaceAll('_', ' ')}`)
    .join(', ');
  const text = `Token policy digest ${d.day}: ${d.tokens.length} token${d.tokens.length === 1 ? '' : 's'} past policy (${summary})`;
  const lines = d.tokens
    .slice(0, SLACK_LINES)
    .map(
      (t) =>
        `• \`${t.fp.slice(0, 16)}\`${t.hint ? ` …${escapeMrkdwn(t.hint)}` : ''} ${t.consumer ? `(${escapeMrkdwn(t.consumer)}) ` : ''}— ${escapeMrkdwn(t.violations.join('; '))}`,
    );
  if (d.tokens.length > SLACK_LINES) lines.push(`… and ${d.tokens.length - SLACK_LINES} more: \`tokenwatch tokens --due\` lists them all`);
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Token policy digest ${d.day}` } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}

/** Sends the digest once to Slack and the signed webhook, whichever are configured; one result each. */
export async function sendPolicyDigest(
  d: PolicyDigest,
  config: Pick<NotifierConfig, 'slack' | 'webhook' | 'timeoutMs'>,
  now: () => number,
): Promise<{ transport: 'slack' | 'webhook'; result: DeliveryResult }[]> {
  const sent: { transport: 'slack' | 'webhook'; result: DeliveryResult }[] = [];
  if (config.slack) {
    const body = JSON.stringify(slackDigestMessage(d));
    const result = await sendHttp(
      { url: config.slack.webhookUrl, body, headers: { 'content-type': 'application/json' }, timeoutMs: config.timeoutMs },
      (res) => res.status === 200,
      now,
      'slack',
    );
    sent.push({ transport: 'slack', result });
  }
  if (config.webhook) {
    const body = JSON.stringify(d);
    const headers = { 'content-type': 'application/json', 'user-agent': 'tokenwatch-notifier', ...signatureHeaders(config.webhook.secret, body, now(), d.id) };
    const result = await sendHttp(
      { url: config.webhook.url, body, headers, timeoutMs: config.timeoutMs },
      (res) => res.status >= 200 && res.status < 300,
      now,
      'webhook',
    );
    sent.push({ transport: 'webhook', result });
  }
  return sent;
}
