import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DCLinter } from 'dclint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandProblems, listCliCommands, type CliCommands } from './support/cli-commands';
import { loadAllConfigs, unreadVariables } from './support/config-acceptance';
import { fillPlaceholders, infraPath, interpolate, readDotenv, readYaml } from './support/infra-files';
import { statusOfPaths } from './support/probe-paths';

/** docker compose, checked without Docker: schema, settings, commands, ports, probes, Prometheus targets. */
const COMPOSE = 'compose/docker-compose.yml';
const TOKENWATCH_SERVICES = ['migrate', 'ingest', 'notifier', 'api'] as const;
const RUN_SERVICES = ['ingest', 'notifier', 'api'] as const;

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  secrets?: string[];
}
interface Compose {
  services: Record<string, Service>;
  /** Secrets compose mounts as /run/secrets/<name>, each from a variable of .env. */
  secrets: Record<string, { environment?: string }>;
}

const SECRETS_DIR = '/run/secrets/';
const exampleEnv = readDotenv('compose/example.env');
const filledEnv = fillPlaceholders(exampleEnv);
// What `docker compose config` would see with example.env filled in by an operator.
const compose = interpolate(readYaml(COMPOSE), filledEnv) as unknown as Compose;
const services = compose.services;
const scratch = mkdtempSync(join(tmpdir(), 'tokenwatch-compose-test-'));
let cli: CliCommands;

beforeAll(() => {
  cli = listCliCommands();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A service's environment with each /run/secrets file it is given written locally, holding the value compose would mount. */
function environmentOf(name: string, dotenv = filledEnv, of: Compose = compose): Record<string, string> {
  const env = { ...of.services[name]?.environment };
  for (const [variable, value] of Object.entries(env)) {
    if (!value.startsWith(SECRETS_DIR)) continue;
    const secret = value.slice(SECRETS_DIR.length);
    const source = of.secrets[secret]?.environment;
    if (source === undefined || dotenv[source] === undefined) throw new Error(`${name}: ${variable} names secret ${secret}, which takes no value from .env`);
    env[variable] = join(scratch, `${name}-${secret}`);
    writeFileSync(env[variable], `${dotenv[source]}\n`);
  }
  return env;
}

describe('infra/compose/docker-compose.yml', () => {
  it('validates against the compose-spec schema (dclint), with no safety findings', () => {
    // Style rules (key order, alphabetical services, quote style) are off: the file is ordered by start-up.
    const style = [
      'service-keys-order',
      'services-alphabetical-order',
      'top-level-properties-order',
      'service-dependencies-alphabetical-order',
      'require-quotes-in-ports',
    ];
    const linter = new DCLinter({ rules: Object.fromEntries(style.map((rule) => [rule, 0])), quiet: true, debug: false, exclude: [] });
    const messages = linter.lintFiles([infraPath(COMPOSE)], false).flatMap((r) => r.messages.map((m) => `${m.line}: ${m.rule}: ${m.message}`));
    expect(messages).toEqual([]);
  });

  it('refuses to start without the keys of .env, naming each', () => {
    expect(() => interpolate(readYaml(COMPOSE), {})).toThrow(/TOKENWATCH_FINGERPRINT_KEY/);
    for (const name of ['TOKENWATCH_FINGERPRINT_KEY', 'TOKENWATCH_INGEST_KEY', 'TOKENWATCH_API_KEYS']) {
      const partial = fillPlaceholders(Object.fromEntries(Object.entries(exampleEnv).filter(([k]) => k !== name)));
      expect(() => interpolate(readYaml(COMPOSE), partial), name).toThrow(name);
    }
  });

  it('hands passwords to containers as secret files from .env, never as environment values', () => {
    for (const [name, service] of Object.entries(services)) {
      const env = service.environment ?? {};
      expect(
        Object.keys(env).filter((variable) => /PASSWORD$/.test(variable)),
        `${name}: passwords in the environment`,
      ).toEqual([]);
      for (const [variable, value] of Object.entries(env).filter(([, v]) => v.startsWith(SECRETS_DIR))) {
        expect(service.secrets ?? [], `${name}: ${variable} names a secret it mounts`).toContain(value.slice(SECRETS_DIR.length));
      }
    }
    for (const [secret, { environment }] of Object.entries(compose.secrets)) expect(exampleEnv, `secret ${secret}`).toHaveProperty(environment!);
    for (const name of TOKENWATCH_SERVICES) expect(environmentOf(name).CLICKHOUSE_PASSWORD_FILE, name).toBeDefined();
    expect(readFileSync(infraPath('compose/grafana/provisioning/datasources/tokenwatch.yaml'), 'utf8')).toContain('$__file{/run/secrets/clickhouse_password}');
  });

  it('gives every tokenwatch container only settings its configuration accepts', () => {
    for (const name of TOKENWATCH_SERVICES) {
      const env = environmentOf(name);
      expect(() => loadAllConfigs(env), name).not.toThrow();
      expect(unreadVariables(env), `${name}: variables no tokenwatch config reads`).toEqual([]);
      expect(loadAllConfigs(env).ingest).toMatchObject({
        TOKENWATCH_ENV: 'production',
        KAFKA_BROKERS: ['kafka:9092'],
        CLICKHOUSE_URL: 'http://clickhouse:8123',
      });
    }
    expect(loadAllConfigs(environmentOf('api')).apiKeys).toEqual(['admin#1', 'viewer#1']);
    expect(loadAllConfigs(environmentOf('ingest')).ingest.clickhousePassword?.reveal()).toBe(filledEnv.CLICKHOUSE_PASSWORD);
  });

  it('rejects the placeholder keys of example.env, so that nobody runs with them', () => {
    const unfilled = interpolate(readYaml(COMPOSE), exampleEnv) as unknown as Compose;
    expect(() => loadAllConfigs(environmentOf('ingest', exampleEnv, unfilled))).toThrow(/TOKENWATCH_FINGERPRINT_KEY|TOKENWATCH_INGEST_KEY/);
    expect(() => loadAllConfigs(environmentOf('api', exampleEnv, unfilled))).toThrow(/TOKENWATCH_API_KEYS/);
  });

  it('runs registered CLI commands, one image for all', () => {
    for (const name of TOKENWATCH_SERVICES) {
      expect(commandProblems(cli, services[name]?.command), name).toEqual([]);
      expect(services[name]?.image).toBe('tokenwatch:local');
    }
    expect(services.migrate!.command).toEqual(['migrate']);
    for (const name of RUN_SERVICES) expect(services[name]!.command).toEqual(['run', name]);
  });

  it('probes /readyz on the port each service listens on, and starts in dependency order', async () => {
    const probed = new Set<string>();
    for (const name of RUN_SERVICES) {
      const port = loadAllConfigs(environmentOf(name)).api.TOKENWATCH_API_PORT;
      const probe = services[name]!.healthcheck?.test?.join(' ') ?? '';
      const url = /http:\/\/127\.0\.0\.1:(\d+)(\/\w+)/.exec(probe);
      expect(url, `${name} healthcheck`).not.toBeNull();
      expect(Number(url![1]), `${name} healthcheck port`).toBe(port);
      probed.add(url![2]!);
      for (const mapping of services[name]!.ports ?? []) expect(mapping.split(':').at(-1), `${name} published port`).toBe(String(port));
      expect(services[name]!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    }
    expect(services.migrate!.depends_on?.clickhouse?.condition).toBe('service_healthy');
    const statuses = await statusOfPaths([...probed]);
    for (const path of probed) expect(statuses[path], `GET ${path}`).toBe(200);
  });

  it('publishes ports on 127.0.0.1 only', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const mapping of service.ports ?? []) expect(mapping, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('mounts files that exist in the repository', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.')) expect(existsSync(infraPath(`compose/${source}`)), `${name}: ${source}`).toBe(true);
      }
    }
  });

  it('lets Prometheus scrape every service where it listens', () => {
    const prometheus = readYaml('prometheus/prometheus.yml') as {
      scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const job = prometheus.scrape_configs.find((c) => c.job_name === 'tokenwatch');
    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
    const targets = job!.static_configs.flatMap((c) => c.targets);
    const expected = RUN_SERVICES.map((name) => `${name}:${loadAllConfigs(environmentOf(name)).api.TOKENWATCH_API_PORT}`);
    expect(targets.sort()).toEqual(expected.sort());
  });
});
