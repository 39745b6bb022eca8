/**
 * Top functions of a V8 .cpuprofile by self time (and by total time, with --total), to see where
 * a benchmark spends its time:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx packages/pipeline/bench/normalize.bench.ts 50000 kong
 *   node --import tsx scripts/cpu-profile-summary.ts /tmp/prof/<file>.cpuprofile [top] [--total]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: cpu-profile-summary.ts FILE.cpuprofile [top] [--total]');
  process.exit(2);
}
const byTotal = process.argv.includes('--total');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  // Code run through tsx reports line 0 for every function: print a line only when there is one.
  const where = url ? `${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  const leaf = nodes.get(id)!;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const l = label(nodes.get(n)!);
    if (seen.has(l)) continue; // recursion counts once
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + dt);
  }
});

const rows = [...(byTotal ? total : self)].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`${byTotal ? 'total' : 'self'} time of ${(all / 1000).toFixed(0)} ms sampled`);
for (const [name, us] of rows) console.log(`${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
