import express, { type Express, type Router } from 'express';
import type { Registry } from '@tokenwatch/observability';

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
}

export function createApiApp(deps: ApiAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

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

  for (const router of deps.routers ?? []) app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
