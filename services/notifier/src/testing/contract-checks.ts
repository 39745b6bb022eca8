import { Alert } from '@tokenwatch/contracts';
import { verifySignedRequest } from '../transports/webhook.signature';
import type { RecordedRequest } from './http-receiver';

/**
 * Independent checks of the receivers' contracts (Slack Block Kit limits, PagerDuty Events v2,
 * signed webhooks, OCSF Detection Finding), written from the contract notes, not from our builders.
 */
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const chars = (s: string) => Array.from(s).length;

function mrkdwnProblems(text: string, where: string): string[] {
  const out: string[] = [];
  if (/[<>]/.test(text)) out.push(`${where}: unescaped < or > in mrkdwn`);
  if (/&(?!amp;|lt;|gt;)/.test(text)) out.push(`${where}: unescaped & in mrkdwn`);
  return out;
}

function textObject(t: unknown, where: string, max: number): string[] {
  if (!isObject(t) || typeof t.text !== 'string' || (t.type !== 'mrkdwn' && t.type !== 'plain_text')) return [`${where}: not a text object`];
  const out = chars(t.text) > max ? [`${where}: ${chars(t.text)} chars > ${max}`] : [];
  if (t.text.length === 0) out.push(`${where}: empty text`);
  return t.type === 'mrkdwn' ? [...out, ...mrkdwnProblems(t.text, where)] : out;
}

export function checkSlackPayload(body: unknown): string[] {
  if (!isObject(body)) return ['slack: body is not a JSON object'];
  const out: string[] = [];
  if (typeof body.text !== 'string' || body.text === '') out.push('slack: missing fallback text');
  else out.push(...mrkdwnProblems(body.text, 'slack text'));
  const blocks = body.blocks;
  if (!Array.isArray(blocks)) return [...out, 'slack: blocks is not an array'];
  if (blocks.length > 50) out.push(`slack: ${blocks.length} blocks > 50`);
  let total = 0;
  blocks.forEach((b: unknown, i) => {
    const where = `slack block ${i}`;
    if (!isObject(b)) return void out.push(`${where}: not an object`);
    if (typeof b.block_id === 'string' && b.block_id.length > 255) out.push(`${where}: block_id > 255`);
    if (b.type === 'header') {
      out.push(...textObject(b.text, `${where} header`, 150));
      if (isObject(b.text) && b.text.type !== 'plain_text') out.push(`${where}: header text must be plain_text`);
      total += isObject(b.text) ? chars(String(b.text.text)) : 0;
    } else if (b.type === 'section') {
      if (b.text === undefined && b.fields === undefined) out.push(`${where}: section without text or fields`);
      if (b.text !== undefined) out.push(...textObject(b.text, `${where} text`, 3000));
      if (isObject(b.text)) total += chars(String(b.text.text));
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10) out.push(`${where}: more than 10 fields`);
        for (const [j, f] of (Array.isArray(b.fields) ? b.fields : []).entries()) {
          out.push(...textObject(f, `${where} field ${j}`, 2000));
          if (isObject(f)) total += chars(String(f.text));
        }
      }
    } else if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) out.push(`${where}: context needs 1..10 elements`);
      for (const [j, e] of (Array.isArray(b.elements) ? b.elements : []).entries()) {
        out.push(...textObject(e, `${where} element ${j}`, 3000));
        if (isObject(e)) total += chars(String(e.text));
      }
    } else if (b.type !== 'divider') out.push(`${where}: unexpected block type ${String(b.type)}`);
  });
  if (total > 12_000) out.push(`slack: ${total} chars of block text > 12000`);
  return out;
}

const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'];

export function checkPagerDutyEvent(body: unknown, routingKey: string): string[] {
  if (!isObject(body)) return ['pagerduty: body is not a JSON object'];
  const out: string[] = [];
  if (JSON.stringify(body).length > 512 * 1024) out.push('pagerduty: event > 512 KB');
  if (body.routing_key !== routingKey) out.push('pagerduty: wrong routing_key');
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(body.event_action))) out.push('pagerduty: bad event_action');
  if (body.dedup_key !== undefined && (typeof body.dedup_key !== 'string' || body.dedup_key.length === 0 || body.dedup_key.length > 255))
    out.push('pagerduty: dedup_key must be 1..255 chars');
  if (body.event_action !== 'trigger') {
    if (typeof body.dedup_key !== 'string') out.push('pagerduty: ack/resolve without dedup_key');
    return out;
  }
  const p = body.payload;
  if (!isObject(p)) return [...out, 'pagerduty: trigger without payload'];
  if (typeof p.summary !== 'string' || p.summary.length === 0 || chars(p.summary) > 1024) out.push('pagerduty: summary must be 1..1024 chars');
  if (typeof p.source !== 'string' || p.source.length === 0) out.push('pagerduty: source is required');
  if (!PD_SEVERITIES.includes(String(p.severity))) out.push(`pagerduty: bad severity ${String(p.severity)}`);
  if (p.timestamp !== undefined && (typeof p.timestamp !== 'string' || Number.isNaN(Date.parse(p.timestamp)))) out.push('pagerduty: timestamp is not ISO-8601');
  if (p.custom_details !== undefined && !isObject(p.custom_details)) out.push('pagerduty: custom_details must be an object');
  return out;
}

export function checkSignedAlertWebhook(req: RecordedRequest, secret: string, now = Date.now()): string[] {
  const out: string[] = [];
  const verified = verifySignedRequest(secret, req.raw, req.headers, now);
  if (!verified.ok) out.push(`webhook: ${verified.reason}`);
  if (!Alert.safeParse(req.json).success) out.push('webhook: body is not Alert v1');
  if (req.headers['content-type'] !== 'application/json') out.push('webhook: content-type is not application/json');
  return out;
}

export function checkOcsfDetectionFinding(f: unknown): string[] {
  if (!isObject(f)) return ['ocsf: not an object'];
  const out: string[] = [];
  if (f.class_uid !== 2004) out.push('ocsf: class_uid must be 2004');
  if (f.category_uid !== 2) out.push('ocsf: category_uid must be 2');
  const activity = f.activity_id;
  if (typeof activity !== 'number' || ![0, 1, 2, 3, 99].includes(activity)) out.push('ocsf: bad activity_id');
  else if (f.type_uid !== 2004 * 100 + activity) out.push('ocsf: type_uid must be class_uid*100+activity_id');
  if (typeof f.severity_id !== 'number' || ![0, 1, 2, 3, 4, 5, 6, 99].includes(f.severity_id)) out.push('ocsf: bad severity_id');
  if (!Number.isInteger(f.time)) out.push('ocsf: time must be epoch ms');
  const m = f.metadata;
  if (!isObject(m) || !isObject(m.product) || typeof m.version !== 'string' || !/^\d+\.\d+\.\d+/.test(m.version))
    out.push('ocsf: metadata.product and metadata.version are required');
  if (!isObject(f.finding_info) || typeof f.finding_info.uid !== 'string' || f.finding_info.uid === '') out.push('ocsf: finding_info.uid is required');
  return out;
}
