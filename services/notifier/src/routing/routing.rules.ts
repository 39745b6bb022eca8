import type { Alert } from '@tokenwatch/contracts';
import { SEVERITY_RANK, type TokenProfile, type TransportName } from '../notifier.types';
import type { Route, RouteMatch, RoutingFile } from './routing-file.schema';

/** One transport an alert goes to, with the grouping settings of the route that chose it. */
export interface RouteTarget {
  route: string;
  transport: TransportName;
  groupWindowMs: number;
  repeatIntervalMs: number;
}

export function matches(match: RouteMatch, alert: Alert, profile: TokenProfile): boolean {
  if (match.severity && !match.severity.includes(alert.severity)) return false;
  if (match.minSeverity && SEVERITY_RANK[alert.severity] < SEVERITY_RANK[match.minSeverity]) return false;
  if (match.minScore !== undefined && alert.score < match.minScore) return false;
  if (match.signals && !alert.signals.some((s) => match.signals?.includes(s.type))) return false;
  if (match.tokens && !match.tokens.includes(alert.token.fp)) return false;
  if (match.consumers && (profile.consumer === null || !match.consumers.includes(profile.consumer))) return false;
  if (match.labels) {
    for (const [key, value] of Object.entries(match.labels)) if (profile.labels[key] !== value) return false;
  }
  return true;
}

/**
 * The transports an alert goes to: routes in file order; the first match stops the walk unless it
 * says `continue`. A transport chosen by an earlier route is not chosen again; transports that are
 * not configured (`enabled`) are skipped.
 */
export function routeAlert(routing: RoutingFile, alert: Alert, profile: TokenProfile, enabled: ReadonlySet<TransportName>): RouteTarget[] {
  const targets: RouteTarget[] = [];
  const chosen = new Set<TransportName>();
  for (const route of routing.routes) {
    if (!matches(route.match, alert, profile)) continue;
    for (const transport of route.to) {
      if (chosen.has(transport) || !enabled.has(transport)) continue;
      chosen.add(transport);
      targets.push(target(routing, route, transport));
    }
    if (!route.continue) break;
  }
  return targets;
}

function target(routing: RoutingFile, route: Route, transport: TransportName): RouteTarget {
  return {
    route: route.name,
    transport,
    groupWindowMs: route.groupWindow ?? routing.defaults.groupWindow,
    repeatIntervalMs: route.repeatInterval ?? routing.defaults.repeatInterval,
  };
}

/** Transports named by some route that are not configured; worth a warning at start. */
export function unconfiguredTransports(routing: RoutingFile, enabled: ReadonlySet<TransportName>): TransportName[] {
  const named = new Set(routing.routes.flatMap((r) => r.to));
  return [...named].filter((t) => !enabled.has(t));
}
