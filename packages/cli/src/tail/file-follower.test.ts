import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower, NEXT_FILE } from './file-follower';

let dir: string;
let file: string;
let warnings: string[];
const follower = (opts: Partial<ConstructorParameters<typeof FileFollower>[1]> = {}) =>
  new FileFollower(file, { start: 'end', warn: (m) => warnings.push(m), ...opts });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-follow-'));
  file = join(dir, 'access.log');
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('FileFollower', () => {
  it('starts at the end of an existing file, hands out whole lines only', () => {
    writeFileSync(file, 'old 1\nold 2\n');
    const f = follower();
    expect(f.poll()).toEqual([]);
    appendFileSync(file, 'new 1\nnew 2\nhal');
    expect(f.poll()).toEqual(['new 1', 'new 2']);
    expect(f.position()?.offset).toBe(Buffer.byteLength('old 1\nold 2\nnew 1\nnew 2\n'));
    appendFileSync(file, 'f\r\n\n');
    expect(f.poll()).toEqual(['half']);
    f.close();
  });

  it('reads a renamed file to its end, then the new file from its start', () => {
    writeFileSync(file, '');
    const f = follower();
    expect(f.poll()).toEqual([]);
    appendFileSync(file, 'a\n');
    expect(f.poll()).toEqual(['a']);
    appendFileSync(file, 'b\nlast without newline');
    renameSync(file, `${file}.1`);
    expect(f.poll()).toEqual(['b', 'last without newline']);
    expect(f.position()).toEqual(NEXT_FILE);
    writeFileSync(file, 'c\n');
    expect(f.poll()).toEqual(['c']);
    expect(warnings).toEqual([]);
    f.close();
  });

  it('reads a truncated file again from its start', () => {
    writeFileSync(file, 'a\nb\n');
    const f = follower({ start: 'beginning' });
    expect(f.poll()).toEqual(['a', 'b']);
    truncateSync(file, 0);
    appendFileSync(file, 'c\n');
    expect(f.poll()).toEqual(['c']);
    expect(warnings).toEqual([`${file} was truncated: reading it from the start`]);
    f.close();
  });

  it('waits for a missing file with one warning, then reads it from its start', () => {
    const f = follower();
    expect(f.poll()).toEqual([]);
    expect(f.poll()).toEqual([]);
    writeFileSync(file, 'x\n');
    expect(f.poll()).toEqual(['x']);
    expect(warnings).toEqual([`${file} does not exist (yet): waiting for it`]);
    f.close();
  });

  it('resumes from a saved position, also when the file was rotated while stopped', () => {
    writeFileSync(file, 'a\nb\n');
    const first = follower({ start: 'beginning' });
    expect(first.poll()).toEqual(['a', 'b']);
    const saved = first.position()!;
    first.close();

    appendFileSync(file, 'c\n');
    const resumed = follower({ saved });
    expect(resumed.poll()).toEqual(['c']);
    const again = resumed.position()!;
    resumed.close();

    appendFileSync(file, 'd\n');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'e\n');
    const afterRotation = follower({ saved: again });
    expect(afterRotation.poll()).toEqual(['d', 'e']);
    expect(warnings).toEqual([`${file} was rotated while stopped: finishing ${file}.1 first`]);
    afterRotation.close();
  });
});
