import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { createNetworkLookup } from '@tokenwatch/geo';
import type { TokenPolicy } from '@tokenwatch/lifecycle';
import type { Registry } from '@tokenwatch/observability';
import type { ApiKey } from './auth/api-keys';
import { createApiMetrics } from './api.metrics';
import { createAuth } from './auth/auth.middleware';
import type { RateLimiter, RateLimitOptions } from './auth/rate-limit';
import { createAlertsRouter } from './routes/alerts.router';
import { OPENAPI_DOCUMENT } from './routes/openapi';
import { createOverviewRouter } from './routes/overview.router';
import { createQueueRouter } from './routes/queue.router';
import type { NetworkOf } from './routes/token-networks';
import { createVendorRouter } from './routes/vendor.router';
import { createRevocationsRouter } from './routes/revocations.router';
import { createSilencesRouter } from './routes/silences.router';
import { createTokensRouter } from './routes/tokens.router';
import { createTriageRouter } from './routes/triage.router';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ApiAppDeps {
  registry: Registry;
  /** Dependencies that must answer before the service is ready (ClickHouse, Kafka consumers, …). */
  readiness: ReadinessCheck[];
  /** Extra facts for /healthz (versions, data dates). */
  health?: () => Record<string, unknown>;
  /** Routers of other parts (HTTP ingest, …), mounted at the root before the 404 handler. */
  routers?: Router[];
  /** Routers of the HTTP ingest, mounted behind `requireRole('ingest')` on /ingest. */
  ingestRouters?: Router[];
  /** API keys (TOKENWATCH_API_KEYS through `parseApiKeys`: the CLI's `config.apiKeys`); none: every authenticated route answers 503. */
  apiKeys?: readonly ApiKey[];
  /** ClickHouse for the SOC routes under /api; absent: those routes answer 503. */
  clickhouse?: ClickHouse;
  rateLimit?: RateLimitOptions | RateLimiter;
  /** Failed authentications per client IP (default burst 30, 1 per second). */
  failedAuthLimit?: RateLimitOptions | RateLimiter;
  /** Clock for triage records, silences and inventory flags (default Date.now). */
  now?: () => number;
  /** Where unexpected route errors are logged (a pino logger fits). */
  logger?: { error(obj: object, msg: string): void };
  /**
   * Static SOC dashboard served at / (no data in it: the page asks for an API key). Default: the
   * repository's services/dashboard/public when present; `false` turns it off.
   */
  dashboardDir?: string | false;
  /** Token lifecycle policy for the inventory and token pages (TOKENWATCH_TOKEN_POLICY: the CLI's `config.lifecycle`; default: the built-in one). */
  tokenPolicy?: TokenPolicy;
  /** Network of an address for token pages (default: the installed ASN data of @tokenwatch/geo, loaded on first use). */
  networkOf?: NetworkOf;
}

/** services/dashboard/public next to this service (a static folder, not an import). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/public/', import.meta.url));

export function createApiApp(deps: ApiAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createApiMetrics(deps.registry));

  // Liveness: the process serves HTTP. Never touches dependencies.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', ...deps.health?.() });
  });

  // Readiness: every dependency answered just now.
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      deps.readiness.map(async ({ name, check }) => {
        try {
          await check();
          return { name, ok: true as const };
        } catch (error) {
          return { name, ok: false as const, error: (error as Error).message };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });

  const requireRole = createAuth({
    keys: deps.apiKeys ?? [],
    ...(deps.rateLimit ? { rateLimit: deps.rateLimit } : {}),
    ...(deps.failedAuthLimit ? { failedAuthLimit: deps.failedAuthLimit } : {}),
  });
  const now = deps.now ?? Date.now;

  if (deps.ingestRouters?.length) {
    app.use('/ingest', requireRole('ingest'));
    for (const router of deps.ingestRouters) app.use(router);
  }

  app.use('/api', express.json({ limit: '64kb' }));
  app.get('/api/openapi.json', requireRole('viewer'), (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  if (deps.clickhouse) {
    app.use(createAlertsRouter({ clickhouse: deps.clickhouse, requireRole, now }));
    app.use(createTriageRouter({ clickhouse: deps.clickhouse, requireRole, now }));
    app.use(createSilencesRouter({ clickhouse: deps.clickhouse, requireRole, now }));
    const networks = deps.networkOf ? undefined : createNetworkLookup();
    const networkOf = deps.networkOf ?? ((ip: string) => networks?.lookup(ip) ?? null);
    app.use(createTokensRouter({ clickhouse: deps.clickhouse, requireRole, now, networkOf, ...(deps.tokenPolicy ? { tokenPolicy: deps.tokenPolicy } : {}) }));
    app.use(createQueueRouter({ clickhouse: deps.clickhouse, requireRole }));
    app.use(createOverviewRouter({ clickhouse: deps.clickhouse, registry: deps.registry, requireRole, now }));
    app.use(createRevocationsRouter({ clickhouse: deps.clickhouse, requireRole }));
  } else {
    app.use('/api', requireRole('viewer'), (_req, res) => {
      res.status(503).json({ error: 'ClickHouse is not configured for the API' });
    });
  }
  const dashboardDir = deps.dashboardDir ?? DEFAULT_DASHBOARD_DIR;
  if (dashboardDir && existsSync(dashboardDir)) {
    app.use(express.static(dashboardDir, { index: 'index.html' }));
    app.use(createVendorRouter());
  }

  for (const router of deps.routers ?? []) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(jsonErrors(deps.logger));
  return app;
}

/** Errors as JSON: body-parser problems keep their 4xx status; anything else is a 500 without details. */
function jsonErrors(logger: ApiAppDeps['logger']): ErrorRequestHandler {
  return (error: { status?: number; message?: string }, req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger?.error({ err: error, method: req.method, path: req.path }, 'API route failed');
    res.status(status).json({ error: status === 500 ? 'internal error' : (error.message ?? 'bad request') });
  };
}
