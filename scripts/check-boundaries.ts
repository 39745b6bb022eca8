import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findViolations, type SourceFile } from './boundaries';

/** Fails (exit 1) when an import crosses a boundary of docs/architecture.md ("Invariants"); tests are exempt. */
const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [path] : [];
  });
}

const files: SourceFile[] = ['packages', 'services'].flatMap((area) =>
  sourceFiles(join(root, area)).map((path) => ({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') })),
);
const violations = findViolations(files);
for (const v of violations) process.stderr.write(`${v.path}: ${v.problem}\n`);
process.stdout.write(`boundaries: ${files.length} files checked, ${violations.length} violations\n`);
process.exitCode = violations.length === 0 ? 0 : 1;
