import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { infraDir, readYamlDocuments } from './support/infra-files';
import { hasTool } from './support/tools';

/** Every YAML file of the operations kit (the local broker's jars and anything generated left out). */
function yamlFiles(dir = infraDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'lib' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [relative(infraDir, path)] : [];
  });
}

describe('YAML of infra/', () => {
  const files = yamlFiles();

  it('parses every file', () => {
    expect(files).toEqual(
      expect.arrayContaining(['compose/docker-compose.yml', 'k8s/kustomization.yaml', 'prometheus/prometheus.yml', 'prometheus/rules.yml']),
    );
    for (const file of files) expect(() => readYamlDocuments(file), file).not.toThrow();
  });

  it.skipIf(!hasTool('yamllint'))('passes yamllint (relaxed, long lines allowed; needs the Debian package yamllint)', () => {
    const config = '{extends: relaxed, rules: {line-length: {max: 200}}}';
    const lint = spawnSync('yamllint', ['--strict', '-f', 'parsable', '-d', config, ...files], { cwd: infraDir, encoding: 'utf8' });
    expect({ status: lint.status, findings: `${lint.stdout}${lint.stderr}`.trim() }).toEqual({ status: 0, findings: '' });
  });
});
