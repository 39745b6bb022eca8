import type { AddressInfo } from 'node:net';
import { createApiApp } from '@tokenwatch/api';
import { createMetricsRegistry } from '@tokenwatch/observability';

/** Status of each path on a real service HTTP app (the one `tokenwatch run` serves), with nothing to wait for. */
export async function statusOfPaths(paths: readonly string[]): Promise<Record<string, number>> {
  const app = createApiApp({ registry: createMetricsRegistry({ defaultMetrics: false }), readiness: [], dashboardDir: false });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const statuses: Record<string, number> = {};
    for (const path of paths) statuses[path] = (await fetch(`http://127.0.0.1:${port}${path}`)).status;
    return statuses;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
