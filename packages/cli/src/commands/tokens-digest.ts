import type { InventoryItem } from '@tokenwatch/api';
import { isPastPolicy } from '@tokenwatch/lifecycle';
import { buildPolicyDigest, sendPolicyDigest, type NotifierConfig } from '@tokenwatch/notifier';
import { ExitCode, UsageError } from '../cli-error';

/**
 * `tokens --notify`: the digest of tokens past policy (overdue, past maximum age, dormant) through the
 * notifier's Slack and signed webhook; run daily by cron, a systemd timer or a Kubernetes CronJob.
 */
export async function notifyPolicyDigest(items: readonly InventoryItem[], now: number, config: NotifierConfig): Promise<number> {
  if (!config.slack && !config.webhook)
    throw new UsageError('--notify needs TOKENWATCH_SLACK_WEBHOOK_URL or TOKENWATCH_WEBHOOK_URL (with TOKENWATCH_WEBHOOK_SECRET)');
  const past = items.filter((t) => isPastPolicy(t.lifecycle));
  if (past.length === 0) {
    process.stdout.write('no token is past policy: no digest sent\n');
    return ExitCode.ok;
  }
  const digest = buildPolicyDigest(
    past.map((t) => ({
      fp: t.fp,
      hint: t.hint,
      consumer: t.consumer,
      policy: t.lifecycle.policy,
      conditions: t.lifecycle.conditions,
      violations: t.lifecycle.violations,
    })),
    now,
  );
  const results = await sendPolicyDigest(digest, config, () => now);
  for (const { transport, result } of results) {
    process.stdout.write(`digest ${digest.id} (${past.length} tokens) -> ${transport}: ${result.kind === 'ok' ? 'sent' : `failed (${result.reason})`}\n`);
  }
  return results.every((r) => r.result.kind === 'ok') ? ExitCode.ok : ExitCode.failure;
}
