export interface RouteCapOptions {
  /** Distinct routes remembered per token; later new routes become `{other}`. Default 64. */
  maxRoutesPerToken?: number;
  /** Tokens remembered (least recently seen is forgotten first). Default 20 000. */
  maxTokens?: number;
}

export const OTHER_ROUTE = '{other}';

/**
 * Bounds the number of distinct routes per token, so that a scanner (or a gateway without a route
 * template and with ids the templater does not catch) cannot blow up per-token route state
 * downstream. Stateful on purpose, and bounded: at most maxTokens x maxRoutesPerToken entries.
 * The pipeline holds one instance; a token forgotten by the LRU starts counting again.
 */
export class RouteCap {
  readonly maxRoutesPerToken: number;
  readonly maxTokens: number;
  private readonly tokens = new Map<string, Set<string>>();

  constructor(options: RouteCapOptions = {}) {
    this.maxRoutesPerToken = positive(options.maxRoutesPerToken ?? 64, 'maxRoutesPerToken');
    this.maxTokens = positive(options.maxTokens ?? 20_000, 'maxTokens');
  }

  /** The route to emit for this token: the route itself while under the cap, else `{other}`. */
  apply(tokenFp: string, route: string | null): string | null {
    if (route === null) return null;
    let routes = this.tokens.get(tokenFp);
    if (routes) {
      // Refresh the token's place in the LRU order.
      this.tokens.delete(tokenFp);
      this.tokens.set(tokenFp, routes);
    } else {
      routes = new Set();
      this.tokens.set(tokenFp, routes);
      if (this.tokens.size > this.maxTokens) this.tokens.delete(this.tokens.keys().next().value!);
    }
    if (routes.has(route)) return route;
    if (routes.size >= this.maxRoutesPerToken) return OTHER_ROUTE;
    routes.add(route);
    return route;
  }

  get trackedTokens(): number {
    return this.tokens.size;
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`RouteCap ${name} must be a positive integer, got ${value}`);
  return value;
}
