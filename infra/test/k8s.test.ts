import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandProblems, listCliCommands, type CliCommands } from './support/cli-commands';
import { loadAllConfigs, unreadVariables } from './support/config-acceptance';
import { fillPlaceholders, infraPath, PLACEHOLDER } from './support/infra-files';
import { byKind, containerEnv, findObject, podTemplate, readKustomizedObjects, schemaProblems, selects, type K8sObject } from './support/k8s-objects';
import { statusOfPaths } from './support/probe-paths';
import { hasTool } from './support/tools';

/** infra/k8s, checked without a cluster: Kubernetes schemas, settings, commands, probes, ports, selectors. */
const COMPONENTS = ['ingest', 'notifier', 'api'] as const;
const { kustomization, objects } = readKustomizedObjects();
const deployments = byKind(objects, 'Deployment');
const secret = findObject(objects, 'Secret', 'tokenwatch-secrets');
const config = findObject(objects, 'ConfigMap', 'tokenwatch-config').data as Record<string, string>;
const apiPort = Number(config.TOKENWATCH_API_PORT);
const scratch = mkdtempSync(join(tmpdir(), 'tokenwatch-k8s-test-'));
let cli: CliCommands;

const deploymentOf = (component: string) => findObject(objects, 'Deployment', `tokenwatch-${component}`);
const containerOf = (object: K8sObject) => podTemplate(object)!.spec.containers[0]!;
const stringData = (s: K8sObject) => s.stringData as Record<string, string>;
const filledSecret = (s: K8sObject) => fillPlaceholders(stringData(s));

/**
 * A container's environment with the files the cluster mounts (the routing ConfigMap, the Secret's
 * password files) written locally, and the settings that name them pointed there.
 */
function localEnv(object: K8sObject, secretValues = filledSecret, extra: Record<string, string> = {}): Record<string, string> {
  const env = { ...containerEnv(objects, containerOf(object), secretValues), ...extra };
  if (env.TOKENWATCH_ROUTING_FILE) {
    const routing = findObject(objects, 'ConfigMap', 'tokenwatch-routing').data as Record<string, string>;
    env.TOKENWATCH_ROUTING_FILE = join(scratch, 'routing.json');
    writeFileSync(env.TOKENWATCH_ROUTING_FILE, routing['routing.json']!);
  }
  for (const [variable, path] of Object.entries(env)) {
    const mounted = mountedSecretKey(object, path);
    if (!mounted) continue;
    env[variable] = join(scratch, `${object.metadata.name}-${mounted.key}`);
    writeFileSync(env[variable], `${secretValues(findObject(objects, 'Secret', mounted.secretName))[mounted.key] ?? ''}\n`);
  }
  return env;
}

/** The Secret key a pod sees at `path` through a mounted secret volume, if any. */
function mountedSecretKey(object: K8sObject, path: string): { secretName: string; key: string } | undefined {
  const template = podTemplate(object)!;
  for (const mount of containerOf(object).volumeMounts ?? []) {
    const secret = template.spec.volumes?.find((v) => v.name === mount.name)?.secret;
    if (!secret || !path.startsWith(`${mount.mountPath}/`)) continue;
    const item = secret.items?.find((i) => `${mount.mountPath}/${i.path}` === path);
    if (item) return { secretName: secret.secretName, key: item.key };
  }
  return undefined;
}

/** The KAFKA_* settings config.yaml shows, commented out, for a SASL_SSL cluster. */
function commentedKafkaSettings(): Record<string, string> {
  const text = readFileSync(infraPath('k8s/config.yaml'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^\s*#\s*(KAFKA_[A-Z_]+):\s*(\S+)\s*$/gm)].map((m) => [m[1]!, m[2]!]));
}

beforeAll(() => {
  cli = listCliCommands();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('infra/k8s', () => {
  it('lists files that exist and parse, in one namespace', () => {
    for (const file of kustomization.resources as string[]) expect(existsSync(infraPath(`k8s/${file}`)), file).toBe(true);
    expect(kustomization.namespace).toBe('tokenwatch');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([...new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`))]);
  });

  it('validates every object against the Kubernetes JSON schemas', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('has one Deployment per service, each running `tokenwatch run <service>` with requests and limits', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(COMPONENTS.map((c) => `tokenwatch-${c}`).sort());
    for (const component of COMPONENTS) {
      const deployment = deploymentOf(component);
      const container = containerOf(deployment);
      expect(commandProblems(cli, container.args), component).toEqual([]);
      expect(container.args).toEqual(['run', component]);
      expect((deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels).toSatisfy((s: Record<string, string>) =>
        selects(s, podTemplate(deployment)!.metadata?.labels),
      );
      for (const kind of ['requests', 'limits'] as const)
        expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${component} ${kind}`).toEqual(['cpu', 'memory']);
    }
    const job = findObject(objects, 'Job', 'tokenwatch-migrate');
    expect(containerOf(job).args).toEqual(['migrate']);
    expect(commandProblems(cli, containerOf(job).args)).toEqual([]);
  });

  it('probes /healthz (startup, liveness) and /readyz (readiness) on the port the service listens on', async () => {
    for (const component of COMPONENTS) {
      const container = containerOf(deploymentOf(component));
      const http = container.ports?.find((p) => p.name === 'http');
      expect(http?.containerPort, `${component} port`).toBe(apiPort);
      const probes = { startupProbe: '/healthz', livenessProbe: '/healthz', readinessProbe: '/readyz' } as const;
      for (const [probe, path] of Object.entries(probes)) {
        const get = container[probe as keyof typeof probes]?.httpGet;
        expect(get?.path, `${component} ${probe}`).toBe(path);
        expect([http?.name, apiPort], `${component} ${probe} port`).toContain(get?.port);
      }
    }
    expect(await statusOfPaths(['/healthz', '/readyz', '/metrics'])).toEqual({ '/healthz': 200, '/readyz': 200, '/metrics': 200 });
  });

  it('routes each Service to pods that have its target port', () => {
    const templates = deployments.map((d) => podTemplate(d)!);
    for (const service of byKind(objects, 'Service')) {
      const spec = service.spec as { selector: Record<string, string>; ports: Array<{ targetPort: string | number }> };
      const selected = templates.filter((t) => selects(spec.selector, t.metadata?.labels));
      expect(selected.length, `${service.metadata.name} selects pods`).toBeGreaterThan(0);
      for (const template of selected) {
        const ports = template.spec.containers.flatMap((c) => c.ports ?? []);
        for (const { targetPort } of spec.ports)
          expect(
            ports.some((p) => p.name === targetPort || p.containerPort === targetPort),
            `${service.metadata.name} -> ${targetPort}`,
          ).toBe(true);
      }
    }
    const metrics = findObject(objects, 'Service', 'tokenwatch-metrics');
    const selector = (metrics.spec as { selector: Record<string, string> }).selector;
    expect(COMPONENTS.filter((c) => selects(selector, podTemplate(deploymentOf(c))!.metadata?.labels))).toEqual([...COMPONENTS]);
    expect((metrics.metadata as { annotations?: Record<string, string> }).annotations).toMatchObject({
      'prometheus.io/path': '/metrics',
      'prometheus.io/port': String(apiPort),
    });
    expect(
      selects(
        (findObject(objects, 'Service', 'tokenwatch-api').spec as { selector: Record<string, string> }).selector,
        podTemplate(deploymentOf('api'))!.metadata?.labels,
      ),
    ).toBe(true);
  });

  it('gives every container only settings its configuration accepts, from ConfigMaps and Secret keys that exist', () => {
    for (const object of [...deployments, findObject(objects, 'Job', 'tokenwatch-migrate')]) {
      const env = localEnv(object);
      expect(() => loadAllConfigs(env), object.metadata.name).not.toThrow();
      expect(unreadVariables(env), `${object.metadata.name}: variables no tokenwatch config reads`).toEqual([]);
    }
    expect(loadAllConfigs(localEnv(deploymentOf('ingest'))).ingest).toMatchObject({
      TOKENWATCH_ENV: 'production',
      TOKENWATCH_FINGERPRINT_KEY: expect.any(String),
    });
    expect(loadAllConfigs(localEnv(deploymentOf('api'))).apiKeys).toEqual(['admin#1', 'viewer#1']);
  });

  it('gives passwords to every pod as files of the mounted Secret, never as environment values', () => {
    for (const object of [...deployments, findObject(objects, 'Job', 'tokenwatch-migrate')]) {
      const env = containerEnv(objects, containerOf(object), filledSecret);
      expect(
        Object.keys(env).filter((name) => /PASSWORD$/.test(name)),
        object.metadata.name,
      ).toEqual([]);
      expect(mountedSecretKey(object, env.CLICKHOUSE_PASSWORD_FILE ?? ''), object.metadata.name).toEqual({
        secretName: 'tokenwatch-secrets',
        key: 'CLICKHOUSE_PASSWORD',
      });
      expect(loadAllConfigs(localEnv(object)).ingest.clickhousePassword?.reveal(), object.metadata.name).toBe(filledSecret(secret).CLICKHOUSE_PASSWORD);
    }
  });

  it('accepts the SASL_SSL settings config.yaml shows, with the password from the mounted Secret', () => {
    const sasl = commentedKafkaSettings();
    expect(Object.keys(sasl)).toEqual(
      expect.arrayContaining(['KAFKA_SECURITY_PROTOCOL', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD_FILE']),
    );
    const withPassword = (s: K8sObject) => ({ ...filledSecret(s), KAFKA_SASL_PASSWORD: 'kafka-password-0123456789' });
    const security = loadAllConfigs(localEnv(deploymentOf('ingest'), withPassword, sasl)).ingest.kafkaSecurity;
    expect(security).toMatchObject({ protocol: 'SASL_SSL', sasl: { mechanism: 'SCRAM-SHA-512', username: 'tokenwatch' } });
    expect(security.sasl?.password.reveal()).toBe('kafka-password-0123456789');
  });

  it('mounts the routing ConfigMap where TOKENWATCH_ROUTING_FILE points', () => {
    const notifier = podTemplate(deploymentOf('notifier'))!;
    const volume = notifier.spec.volumes?.find((v) => v.configMap?.name === 'tokenwatch-routing');
    const mounts = (notifier.spec.containers[0] as unknown as { volumeMounts: Array<{ name: string; mountPath: string }> }).volumeMounts;
    const mount = mounts.find((m) => m.name === volume?.name);
    expect(`${mount?.mountPath}/routing.json`).toBe(config.TOKENWATCH_ROUTING_FILE);
  });

  it('ships the Secret as a marked template whose placeholder keys the services reject', () => {
    expect(readFileSync(infraPath('k8s/secret.yaml'), 'utf8')).toMatch(/TEMPLATE: every REPLACE_ME below is a placeholder/);
    for (const [key, value] of Object.entries(stringData(secret))) expect(value === '' || value.includes(PLACEHOLDER), key).toBe(true);
    expect(() => loadAllConfigs(localEnv(deploymentOf('ingest'), stringData))).toThrow(/TOKENWATCH_FINGERPRINT_KEY/);
    expect(() => loadAllConfigs(localEnv(deploymentOf('api'), stringData))).toThrow(/TOKENWATCH_API_KEYS/);
  });

  it.skipIf(!hasTool('kubectl'))('renders with `kubectl kustomize` into the tokenwatch namespace and image (needs kubectl)', () => {
    const rendered = parseAllDocuments(execFileSync('kubectl', ['kustomize', infraPath('k8s')], { encoding: 'utf8' })).map((d) => d.toJS() as K8sObject);
    expect(rendered.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort());
    for (const o of rendered) {
      if (o.kind !== 'Namespace') expect((o.metadata as { namespace?: string }).namespace, `${o.kind}/${o.metadata.name}`).toBe('tokenwatch');
      expect(o.metadata.labels?.['app.kubernetes.io/part-of']).toBe('tokenwatch');
      const template = podTemplate(o);
      if (template) expect((template.spec.containers[0] as unknown as { image: string }).image).toBe('tokenwatch:0.1.0');
    }
  });
});
