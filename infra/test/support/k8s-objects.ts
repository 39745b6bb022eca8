import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { readYaml, readYamlDocuments, type Json } from './infra-files';

/** The Kubernetes JSON-schema model of each kind the manifests use (kubernetes-models). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
};

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  file: string;
  [field: string]: unknown;
}

export interface Container {
  name: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: { containers: Container[]; volumes?: Volume[] };
}
export interface Volume {
  name: string;
  configMap?: { name: string };
  secret?: { secretName: string; items?: Array<{ key: string; path: string }> };
}

/** The resources kustomization.yaml lists, each document with the file it came from. */
export function readKustomizedObjects(): { kustomization: Json; objects: K8sObject[] } {
  const kustomization = readYaml('k8s/kustomization.yaml');
  const files = kustomization.resources as string[];
  const objects = files.flatMap((file) => readYamlDocuments(`k8s/${file}`).map((doc) => ({ ...doc, file }) as K8sObject));
  return { kustomization, objects };
}

/** Schema problems of one object; unknown kinds are a problem too (add the model above). */
export function schemaProblems(object: K8sObject): string[] {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`${object.file}: no schema model for ${object.apiVersion} ${object.kind}`];
  const { file, ...data } = object;
  try {
    new Model(data as never).validate();
    return [];
  } catch (error) {
    return [`${file} ${object.kind}/${object.metadata?.name}: ${(error as Error).message}`];
  }
}

export function podTemplate(object: K8sObject): PodTemplate | undefined {
  if (object.kind !== 'Deployment' && object.kind !== 'Job') return undefined;
  return (object.spec as { template: PodTemplate }).template;
}

export const byKind = (objects: K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

export function findObject(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in infra/k8s`);
  return found;
}

/**
 * The environment a container starts with: its ConfigMaps (envFrom), then its env entries, taking
 * secretKeyRef values from the Secret's stringData (an optional key that is absent is left out).
 */
export function containerEnv(objects: K8sObject[], container: Container, secretValues: (secret: K8sObject) => Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, findObject(objects, 'ConfigMap', source.configMapRef.name).data as Record<string, string>);
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (!ref) {
      env[entry.name] = entry.value ?? '';
      continue;
    }
    const value = secretValues(findObject(objects, 'Secret', ref.name))[ref.key];
    if (value === undefined && !ref.optional) throw new Error(`${container.name}: secret ${ref.name} has no key ${ref.key}`);
    if (value !== undefined) env[entry.name] = value;
  }
  return env;
}

/** Whether every label of `selector` is set, with the same value, in `labels`. */
export const selects = (selector: Record<string, string>, labels: Record<string, string> = {}): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
