import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router } from 'express';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Files of npm packages the dashboard loads, served from node_modules (no CDN): URL name -> file. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'echarts.esm.min.mjs': join(packageDir('echarts'), 'dist', 'echarts.esm.min.mjs'),
  'topojson-client.min.js': join(packageDir('topojson-client'), 'dist', 'topojson-client.min.js'),
  'countries-110m.json': join(packageDir('world-atlas'), 'countries-110m.json'),
};

/** GET /vendor/<file>: the dashboard's libraries and map data; public like the dashboard's own files. */
export function createVendorRouter(): Router {
  const router = Router();
  router.get('/vendor/:file', (req, res) => {
    const file = VENDOR_FILES[req.params.file];
    if (!file) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    const type = file.endsWith('.json') ? 'application/json' : 'text/javascript; charset=utf-8';
    // pnpm keeps packages under node_modules/.pnpm: a dot folder that send() would refuse by default.
    res.sendFile(file, { headers: { 'content-type': type }, maxAge: '1d', dotfiles: 'allow' });
  });
  return router;
}
