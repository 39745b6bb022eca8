import { readdirSync, readFileSync } from 'node:fs';

/** user + system CPU seconds in a /proc `stat` line (of a process or a thread). */
export function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ; // utime + stime: fields 14 and 15 of stat
}

const USER_HZ = 100;

/** CPU seconds per thread name of this process (Linux /proc; empty elsewhere). */
export function threadCpu(): Map<string, number> {
  const byName = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return byName;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const seconds = statCpuSeconds(stat);
      const group =
        tid === String(process.pid)
          ? 'main (JS)'
          : /^(libuv-worker|node)/i.test(name)
            ? name.replace(/\d+$/, '')
            : `chDB & other: ${name.replace(/[\d:]+$/, '')}`;
      byName.set(group, (byName.get(group) ?? 0) + seconds);
    } catch {
      // the thread ended between readdir and read
    }
  }
  return byName;
}

/** CPU seconds per thread group spent between two snapshots, largest first (ended threads are missed). */
export function threadCpuDelta(before: Map<string, number>, after: Map<string, number>): Array<[string, number]> {
  return [...after]
    .map(([name, s]): [string, number] => [name, s - (before.get(name) ?? 0)])
    .filter(([, s]) => s > 0.05)
    .sort((a, b) => b[1] - a[1]);
}
