import type { RequestHandler } from 'express';
import { Counter, Histogram, type Registry } from '@tokenwatch/observability';

/**
 * HTTP metrics of the API. The route label is the matched route template (e.g.
 * `/api/tokens/:fp`), never the concrete path, so no token fingerprint becomes a label.
 */
export function createApiMetrics(registry: Registry): RequestHandler {
  const requests = new Counter({
    name: 'tokenwatch_api_requests_total',
    help: 'API requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'tokenwatch_api_request_duration_seconds',
    help: 'API request duration by route template',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const template = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      seconds.observe({ route }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
