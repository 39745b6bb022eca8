import { spawn } from 'node:child_process';

export interface NoopRun {
  /** From the first message to the last one. */
  seconds: number;
  /** CPU of the whole consumer run (start-up included), in seconds. */
  cpuSeconds: number;
}

/**
 * Debian's kcat (librdkafka) reading `count` messages of a topic from the beginning and doing
 * nothing with them: the native ceiling for this broker. kcat prints one empty line per message; the
 * clock runs from the first line to the `count`th, so connecting and the end-of-partition check are
 * not counted. Its CPU comes from the shell's `times` (the child's user + system time).
 */
export function drainWithKcat(brokers: string, topic: string, count: number, kcat = 'kcat'): Promise<NoopRun> {
  const script = `"$0" -C -b "$1" -t "$2" -o beginning -e -q -f '\\n' -X fetch.message.max.bytes=4194304; status=$?; times >&2; exit $status`;
  const child = spawn('bash', ['-c', script, kcat, brokers, topic], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = 0;
  let first = 0;
  let last = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const now = performance.now();
    if (first === 0) first = now;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) seen++;
    if (seen >= count && last === 0) last = now;
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const times = stderr
        .trim()
        .split('\n')
        .at(-1)
        ?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
      if (code !== 0 || seen < count || !times) {
        reject(new Error(`kcat read ${seen}/${count} messages (exit ${code}): ${stderr.trim().slice(0, 300)}`));
        return;
      }
      const [, um, us, sm, ss] = times.map(Number) as [number, number, number, number, number];
      resolve({ seconds: (last - first) / 1000, cpuSeconds: um * 60 + us + sm * 60 + ss });
    });
  });
}
