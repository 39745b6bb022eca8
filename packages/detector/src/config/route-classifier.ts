import type { DetectorConfig } from './detector-config.schema';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const UNKNOWN = 255;
const NONE = 254;

/**
 * Classifies "METHOD /route" once per (method, route id) against the sensitive-route patterns and the
 * sequence stages, then answers from a byte table: regular expressions never run on the hot path.
 */
export class RouteClassifier {
  readonly stageNames: string[];
  readonly requiredStage: number;
  private readonly sensitive: RegExp[];
  private readonly stages: RegExp[];
  private readonly tables: Uint8Array[];

  constructor(config: DetectorConfig, maxRoutes: number) {
    this.sensitive = config.signals.sensitive_endpoint.patterns.map((p) => compile(p, 'sensitive_endpoint.patterns'));
    this.stages = config.signals.sequence.stages.map((s) => compile(s.pattern, `sequence.stages.${s.name}`));
    this.stageNames = config.signals.sequence.stages.map((s) => s.name);
    this.requiredStage = this.stageNames.indexOf(config.signals.sequence.requiredStage);
    this.tables = METHODS.concat('*').map(() => new Uint8Array(maxRoutes + 2).fill(UNKNOWN));
  }

  /** Bit 7: sensitive; low bits: sequence stage index, or NONE. */
  private classify(method: string | null, routeId: number, route: string): number {
    const m = method === null ? -1 : methodIndex(method);
    const table = this.tables[m < 0 ? METHODS.length : m]!;
    const known = table[routeId]!;
    if (known !== UNKNOWN) return known;
    const subject = `${m < 0 ? (method ?? '').toUpperCase() : METHODS[m]} ${route}`;
    const stage = this.stages.findIndex((r) => r.test(subject));
    const value = (this.sensitive.some((r) => r.test(subject)) ? 0x80 : 0) | (stage < 0 ? NONE & 0x7f : stage);
    if (routeId < table.length) table[routeId] = value;
    return value;
  }

  isSensitive(method: string | null, routeId: number, route: string): boolean {
    return (this.classify(method, routeId, route) & 0x80) !== 0;
  }

  /** The sequence stage of a request, -1 when it is none. */
  stage(method: string | null, routeId: number, route: string): number {
    const s = this.classify(method, routeId, route) & 0x7f;
    return s === (NONE & 0x7f) ? -1 : s;
  }
}

/** Index in METHODS (exact match first: gateways log methods in upper case), -1 when other. */
function methodIndex(method: string): number {
  switch (method) {
    case 'GET':
      return 0;
    case 'POST':
      return 1;
    case 'PUT':
      return 2;
    case 'PATCH':
      return 3;
    case 'DELETE':
      return 4;
    case 'HEAD':
      return 5;
    case 'OPTIONS':
      return 6;
    default:
      return METHODS.indexOf(method.toUpperCase());
  }
}

function compile(pattern: string, where: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    throw new Error(`detector config ${where}: invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`, { cause: error });
  }
}
