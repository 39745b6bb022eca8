import { userAgentAt } from '../model/token-spec';
import { uuid } from '../model/request.factory';
import { victimEgress } from './pick-place';
import { ENDPOINTS } from '../world/endpoints';
import { minutes, pickWindow, type Scenario, streamedEpisode } from './scenario';
import { victimRequest } from './victim-request';

/** Data exfiltration through the export API: a normal request rate, an abnormal number of bytes. */
export const bulkExportScenario: Scenario = {
  name: 'bulk-export',
  label: 'attack',
  summary:
    'For ~30 minutes the token pages through every list endpoint at the largest page size and downloads exports of 5–50 MB each, from its usual address.',
  expectedSignals: ['bytes_spike', 'sensitive_endpoint'],
  victims: ['partner-integration', 'backend-service'],
  plan(victim, ctx) {
    const duration = minutes(25 + ctx.rng.int(10));
    const when = pickWindow(ctx, duration);
    if (!when) return undefined;
    const pages = [ENDPOINTS.contactsList, ENDPOINTS.accountsList, ENDPOINTS.ordersList, ENDPOINTS.usersList];
    const detail = `${Math.round(duration / 60_000)} min of full-page listing (×20 the usual page size) and export downloads of 5–50 MB each.`;
    return streamedEpisode(ctx, when, detail, () => {
      const egress = victimEgress(victim, ctx.seed, ctx.key);
      return {
        gapMs: (rng) => 4_000 + rng.exponential(10_000),
        request: (rng, ts, i) => {
          const exporting = i % 4 === 3;
          const endpoint = i === 0 ? ENDPOINTS.exportsCreate : exporting ? ENDPOINTS.exportDownload : rng.pick(pages);
          return victimRequest(rng, victim, {
            ts,
            ip: egress.address(ts),
            userAgent: userAgentAt(victim, ts),
            endpoint,
            id: exporting ? uuid(rng) : undefined,
            status: endpoint.okStatus,
            bytesScale: exporting ? 1 + rng.next() * 10 : i === 0 ? 1 : 20,
          });
        },
      };
    });
  },
};
