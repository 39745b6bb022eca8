import type { Alert } from '@tokenwatch/contracts';
import type { Notification } from '../notifier.types';
import { charLength, isoTime, shortFp, truncate } from '../util/text';

/** Slack's documented Block Kit limits, and our own budget under the ~12k chars a message may hold. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  blocks: 50,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** Ours: text of all blocks together stays well below where Slack answers msg_blocks_too_long. */
  totalBlockText: 11_000,
  /** Ours: the top-level notification text. */
  fallbackText: 3000,
  /** Ours: alerts shown one section each; the rest are counted. */
  alertSections: 8,
  alertSectionText: 1200,
} as const;

type Text = { type: 'plain_text' | 'mrkdwn'; text: string };
export type SlackBlock =
  { type: 'header'; text: Text } | { type: 'section'; text?: Text; fields?: Text[] } | { type: 'context'; elements: Text[] } | { type: 'divider' };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes &, < and > (Slack's control characters in mrkdwn); nothing else. */
export const escapeMrkdwn = (text: string): string => text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);

/** Escaped text of at most `max` characters: cut before escaping would break entities, so cut while escaping. */
export function fitMrkdwn(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (charLength(escaped) <= max) return escaped;
  let out = '';
  let length = 0;
  for (const ch of raw) {
    const piece = ENTITIES[ch] ?? ch;
    if (length + piece.length > max - 1) break;
    out += piece;
    length += piece.length;
  }
  return `${out}…`;
}

/** User-controlled text inside a `code` span: no backticks, no newlines, escaped, short. */
const code = (raw: string, max = 80): string => `\`${fitMrkdwn(raw.replace(/[`\n\r]/g, ' '), max)}\``;

const SEVERITY_MARK: Record<Alert['severity'], string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

const mrkdwn = (text: string): Text => ({ type: 'mrkdwn', text });

function tokenLabel(n: Notification): string {
  const hint = n.token.hint ? ` …${n.token.hint.replace(/[\n\r]/g, ' ')}` : '';
  return `${shortFp(n.token.fp)}${hint}`;
}

function header(n: Notification): string {
  const types = [...new Set(n.alerts.flatMap((a) => a.signals.map((s) => s.type.replace(/_/g, ' '))))].join(', ');
  const what = n.action === 'resolve' ? 'Resolved' : `${n.severity.toUpperCase()}${n.repeat ? ' (still firing)' : ''}`;
  return truncate(`${what}: token ${tokenLabel(n)}${n.action === 'trigger' && types ? ` · ${types}` : ''}`, SLACK_LIMITS.headerText);
}

function fields(n: Notification): Text[] {
  const last = n.alerts[n.alerts.length - 1];
  const scores = n.alerts.map((a) => a.score);
  const out = [
    mrkdwn(`*Token*\n${code(tokenLabel(n))}`),
    mrkdwn(`*Severity*\n${n.severity}`),
    mrkdwn(`*Score*\n${Math.max(...scores).toFixed(2)}`),
    mrkdwn(`*Alerts*\n${n.alerts.length}${n.earlierCount > 0 ? ` (+${n.earlierCount} earlier)` : ''}`),
  ];
  if (n.profile.consumer) out.push(mrkdwn(`*Consumer*\n${fitMrkdwn(n.profile.consumer, 200)}`));
  if (last) out.push(mrkdwn(`*Window*\n${isoTime(last.window.start)} – ${isoTime(last.window.end)}`));
  out.push(mrkdwn(`*Route*\n${fitMrkdwn(n.route, 100)}`));
  const labels = Object.entries(n.profile.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  if (labels) out.push(mrkdwn(`*Labels*\n${fitMrkdwn(labels, 500)}`));
  return out.slice(0, SLACK_LIMITS.fields).map((f) => ({ ...f, text: truncate(f.text, SLACK_LIMITS.fieldText) }));
}

function alertSection(alert: Alert): SlackBlock {
  const lines = [
    `${SEVERITY_MARK[alert.severity]} *${fitMrkdwn(alert.summary, 300)}* (score ${alert.score.toFixed(2)}${alert.state === 'resolved' ? ', resolved' : ''})`,
  ];
  for (const s of alert.signals) lines.push(`• ${code(s.type, 40)} ${s.score.toFixed(2)}: ${fitMrkdwn(s.detail, 400)}`);
  return { type: 'section', text: mrkdwn(truncate(lines.join('\n'), SLACK_LIMITS.alertSectionText)) };
}

/**
 * A Block Kit message for a notification, inside Slack's limits: a header, a fields section, one
 * section per alert (at most 8; the rest counted), automated-response notes and a reference line.
 * Every user-controlled string is truncated and mrkdwn-escaped.
 */
export function buildSlackMessage(n: Notification): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header(n) } },
    { type: 'section', fields: fields(n) },
  ];
  const shown = n.alerts.slice(-SLACK_LIMITS.alertSections);
  for (const alert of shown) blocks.push(alertSection(alert));
  const hidden = n.alerts.length - shown.length;
  if (hidden > 0) blocks.push({ type: 'section', text: mrkdwn(`…and ${hidden} more alert${hidden === 1 ? '' : 's'} of this token in this group.`) });
  if (n.notes.length > 0) {
    blocks.push({ type: 'context', elements: n.notes.slice(0, SLACK_LIMITS.contextElements).map((note) => mrkdwn(fitMrkdwn(note, 500))) });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(`tokenwatch · group ${code(n.groupKey, 200)} · ${n.action}`)] });
  const fitted = fitBudget(blocks);
  const first = n.alerts[n.alerts.length - 1];
  const fallback = `${header(n)}${first ? `: ${first.summary}` : ''}`;
  return { text: fitMrkdwn(fallback, SLACK_LIMITS.fallbackText), blocks: fitted };
}

export function blockTextLength(blocks: readonly SlackBlock[]): number {
  let total = 0;
  for (const b of blocks) {
    if (b.type === 'header') total += charLength(b.text.text);
    if (b.type === 'section') total += charLength(b.text?.text ?? '') + (b.fields ?? []).reduce((s, f) => s + charLength(f.text), 0);
    if (b.type === 'context') total += b.elements.reduce((s, e) => s + charLength(e.text), 0);
  }
  return total;
}

/** Drops alert sections from the oldest until the message fits the block and character budgets. */
function fitBudget(blocks: SlackBlock[]): SlackBlock[] {
  const out = blocks.slice(0, SLACK_LIMITS.blocks);
  while (blockTextLength(out) > SLACK_LIMITS.totalBlockText && out.length > 3) out.splice(2, 1);
  return out;
}
