import type { RecordedRequest } from './http-receiver';

/**
 * What PagerDuty makes of the accepted events, in order: a trigger opens an incident (a page) unless
 * one with its dedup_key is open, where it only adds to that incident's log; a resolve closes it.
 */
export function pagerDutyPages(requests: readonly RecordedRequest[]): { pages: number; deduplicated: number; open: string[] } {
  const open = new Set<string>();
  let pages = 0;
  let deduplicated = 0;
  for (const request of requests) {
    if (request.status !== 202) continue;
    const event = request.json as { event_action?: string; dedup_key?: string };
    const key = event.dedup_key ?? '';
    if (event.event_action === 'trigger') {
      if (open.has(key)) deduplicated++;
      else {
        pages++;
        open.add(key);
      }
    } else if (event.event_action === 'resolve') open.delete(key);
  }
  return { pages, deduplicated, open: [...open] };
}
