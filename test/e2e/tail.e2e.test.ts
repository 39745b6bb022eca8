import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { ensureTopics } from '@tokenwatch/kafka';
import { eventually } from './support/eventually';
import { testKafka } from './support/kafka-io';
import { readWholeTopic } from './support/topic-dump';
import { spawnCli } from './support/tokenwatch-process';

const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `tokenwatch tail` as a child process, started once it says it follows the files. */
async function startTail(args: string[], env: Record<string, string>) {
  const { child, output, exited } = spawnCli(['tail', ...args], env);
  await eventually(
    async () => output(),
    (o) => o.includes('tail: following'),
    { timeoutMs: 60_000, what: `tail to start:\n${output()}` },
  );
  return { output, stop: async () => (child.kill('SIGINT'), exited) };
}

/** A logger that keeps its file open, as nginx does until it is told to reopen. */
const writeLines = (fd: number, from: number, to: number) => {
  for (let i = from; i <= to; i++) writeSync(fd, `line-${i}\n`);
};

it('follows a file through rotation, a restart with a rotation meanwhile, and truncation, losing no line', { timeout: 180_000 }, async () => {
  const kafka = testKafka(inject('kafkaBrokers'));
  const topic = `tail-e2e-${randomBytes(4).toString('hex')}`;
  await ensureTopics(kafka, [{ topic, partitions: 1 }]);
  const env = { TOKENWATCH_HOME: join(dir, 'home'), KAFKA_BROKERS: inject('kafkaBrokers') };
  const file = join(dir, 'access.log');
  const late = join(dir, 'late.log');
  writeFileSync(file, 'before the start: tail -F skips it\n');
  const count = async () => (await readWholeTopic(kafka, topic)).length;

  const tail = await startTail(['--format', 'kong', '--topic', topic, '--poll-ms', '50', file, late], env);
  let fd = openSync(file, 'a');
  writeLines(fd, 1, 50);
  await eventually(count, (n) => n >= 50, { what: 'the first 50 lines' });
  // Rotation by rename: the logger writes on into the renamed file, then reopens the path.
  renameSync(file, `${file}.1`);
  writeLines(fd, 51, 60);
  closeSync(fd);
  fd = openSync(file, 'a');
  writeLines(fd, 61, 100);
  writeFileSync(late, 'late-1\n');
  await eventually(count, (n) => n >= 101, { what: 'lines after the rotation' });
  expect(await tail.stop()).toBe(0);

  // Stopped: more lines, then another rotation before the restart.
  writeLines(fd, 101, 120);
  closeSync(fd);
  renameSync(file, `${file}.2`);
  fd = openSync(file, 'a');
  writeLines(fd, 121, 130);
  const again = await startTail(['--format', 'kong', '--topic', topic, '--poll-ms', '50', file, late], env);
  await eventually(count, (n) => n >= 131, { what: 'lines written while stopped' });
  // copytruncate-style rotation: the file is emptied in place (seen once it is shorter than the position).
  closeSync(fd);
  truncateSync(file, 0);
  fd = openSync(file, 'a');
  writeLines(fd, 131, 135);
  await eventually(count, (n) => n >= 136, { what: 'the first lines after the truncation' });
  writeLines(fd, 136, 140);
  closeSync(fd);
  await eventually(count, (n) => n >= 141, { what: 'lines after the truncation' });
  expect(await again.stop()).toBe(0);

  const values = (await readWholeTopic(kafka, topic)).map((m) => m.value?.toString('utf8'));
  expect(values.filter((v) => v?.startsWith('line-'))).toEqual(Array.from({ length: 140 }, (_, i) => `line-${i + 1}`));
  expect(values.filter((v) => !v?.startsWith('line-'))).toEqual(['late-1']);
  expect(tail.output().match(/late\.log does not exist \(yet\): waiting for it/g)).toHaveLength(1);
  expect(again.output()).toContain(`${file} was rotated while stopped: finishing ${file}.2 first`);
  expect(again.output()).toContain(`${file} was truncated: reading it from the start`);
});
