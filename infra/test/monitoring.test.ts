import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { infraPath, readYaml } from './support/infra-files';
import { hasTool } from './support/tools';

/** The Prometheus scrape config and the Grafana provisioning of the compose stack. */
const scratch = mkdtempSync(join(tmpdir(), 'tokenwatch-monitoring-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('infra/prometheus/prometheus.yml', () => {
  it.skipIf(!hasTool('promtool'))('passes `promtool check config`, rule files included (needs promtool: Debian package prometheus)', () => {
    const out = execFileSync('promtool', ['check', 'config', infraPath('prometheus/prometheus.yml')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/SUCCESS: 1 rule files found/);
    expect(out).toMatch(/prometheus\.yml is valid prometheus config file/);
  });

  it('loads the alerting rules it is mounted with in compose', () => {
    const prometheus = readYaml('prometheus/prometheus.yml') as { rule_files: string[] };
    const compose = readFileSync(infraPath('compose/docker-compose.yml'), 'utf8');
    for (const file of prometheus.rule_files) expect(compose).toContain(`../prometheus/${file}:/etc/prometheus/${file}:ro`);
  });
});

describe('Grafana provisioning (infra/compose/grafana)', () => {
  const datasources = (readYaml('compose/grafana/provisioning/datasources/tokenwatch.yaml') as { datasources: Array<{ uid: string; type: string }> })
    .datasources;
  const provider = (readYaml('compose/grafana/provisioning/dashboards/tokenwatch.yaml') as { providers: Array<{ options: { path: string } }> }).providers[0]!;

  it('binds the importable dashboard to the provisioned data sources, where the provider reads it', () => {
    const dir = join(scratch, 'dashboards');
    execFileSync('sh', [infraPath('compose/grafana/start-grafana.sh')], {
      env: { ...process.env, TOKENWATCH_DASHBOARD_SRC: infraPath('grafana/tokenwatch.dashboard.json'), TOKENWATCH_DASHBOARD_DIR: dir, GRAFANA_START: 'true' },
    });
    const text = readFileSync(join(dir, 'tokenwatch.json'), 'utf8');
    expect(text).not.toContain('${DS_');
    const used = new Set([...text.matchAll(/"type":\s*"([\w-]+)",\s*"uid":\s*"([^"]+)"/g)].map((m) => `${m[1]}/${m[2]}`));
    expect(used.size).toBeGreaterThan(0);
    const provisioned = new Set(datasources.map((d) => `${d.type}/${d.uid}`));
    expect([...used].filter((u) => !provisioned.has(u))).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({ uid: expect.any(String), panels: expect.any(Array) });
    // The script's default output folder is the one the dashboard provider watches.
    expect(readFileSync(infraPath('compose/grafana/start-grafana.sh'), 'utf8')).toContain(`TOKENWATCH_DASHBOARD_DIR:-${provider.options.path}}`);
  });
});
