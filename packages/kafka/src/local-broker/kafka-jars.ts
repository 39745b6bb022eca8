import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveInfraDir } from './broker-paths';
import { withFileLock } from './file-lock';
import { LocalBrokerError, lastLines } from './local-broker-error';
import { CommandNotFoundError, runCommand } from './run-command';

export interface KafkaJarsOptions {
  infraDir?: string;
  onProgress?: (line: string) => void;
}

/** Written into lib/ after a complete copy; the jars are reused while it matches pom.xml. */
const STAMP_FILE = '.tokenwatch-jars.json';
const LOCK_FILE = '.fetch.lock';

interface JarStamp {
  pomSha256: string;
  kafkaVersion: string;
  jars: string[];
}

/** The `<kafka.version>` property of the pom, for progress lines and the stamp. */
export function pinnedKafkaVersion(pomText: string): string {
  return /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pomText)?.[1] ?? 'unknown';
}

/**
 * Makes sure `<infraDir>/lib` holds the jars pinned by `<infraDir>/pom.xml` and returns that folder.
 * Maven runs only when the jars are missing or pom.xml changed since they were copied.
 */
export async function ensureKafkaJars(opts: KafkaJarsOptions = {}): Promise<string> {
  const infraDir = resolveInfraDir(opts.infraDir);
  const pomPath = join(infraDir, 'pom.xml');
  let pomText: string;
  try {
    pomText = await readFile(pomPath, 'utf8');
  } catch {
    throw new LocalBrokerError(`No pom.xml in ${infraDir}`, 'pass infraDir pointing at the infra/kafka folder of the tokenwatch repository');
  }
  const libDir = join(infraDir, 'lib');
  const wanted = { pomSha256: createHash('sha256').update(pomText).digest('hex'), kafkaVersion: pinnedKafkaVersion(pomText) };
  if (await isCurrent(libDir, wanted.pomSha256)) return libDir;

  await mkdir(libDir, { recursive: true });
  await withFileLock(
    join(libDir, LOCK_FILE),
    { timeoutMs: 10 * 60_000, onWait: () => opts.onProgress?.('Waiting for another process fetching the Kafka jars…') },
    async () => {
      if (await isCurrent(libDir, wanted.pomSha256)) return; // fetched by whoever held the lock
      opts.onProgress?.(`Fetching Apache Kafka ${wanted.kafkaVersion} jars from Maven Central into ${libDir} (first run only)…`);
      const started = Date.now();
      const jars = await fetchJars(pomPath, libDir);
      await writeFile(join(libDir, STAMP_FILE), `${JSON.stringify({ ...wanted, jars } satisfies JarStamp, null, 2)}\n`);
      opts.onProgress?.(`Fetched ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  );
  return libDir;
}

async function isCurrent(libDir: string, pomSha256: string): Promise<boolean> {
  let stamp: JarStamp;
  try {
    stamp = JSON.parse(await readFile(join(libDir, STAMP_FILE), 'utf8')) as JarStamp;
  } catch {
    return false;
  }
  return stamp.pomSha256 === pomSha256 && Array.isArray(stamp.jars) && stamp.jars.length > 0 && stamp.jars.every((jar) => existsSync(join(libDir, jar)));
}

/** Copies the runtime jars into a staging folder, then replaces the jars of lib/ with them. */
async function fetchJars(pomPath: string, libDir: string): Promise<string[]> {
  const staging = join(libDir, `.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  const args = ['-q', '-B', '-f', pomPath, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'];
  try {
    let result;
    try {
      result = await runCommand('mvn', args, { timeoutMs: 15 * 60_000 });
    } catch (error) {
      if (error instanceof CommandNotFoundError) {
        throw new LocalBrokerError(
          'Maven (mvn) is required to fetch the Kafka jars on first use, and it is not on the PATH',
          'install Maven (apt-get install maven), or set KAFKA_BROKERS to use an existing cluster',
        );
      }
      throw error;
    }
    if (result.code !== 0) {
      throw new LocalBrokerError(
        `Maven could not fetch the Kafka jars (exit ${result.code ?? result.signal}):\n${lastLines(result.output, 8)}`,
        'check access to Maven Central (or the mirror in ~/.m2/settings.xml) and retry',
      );
    }
    const jars = (await readdir(staging)).filter((name) => name.endsWith('.jar')).sort();
    if (jars.length === 0) {
      throw new LocalBrokerError(`Maven copied no jars for ${pomPath}`, 'check the dependencies in infra/kafka/pom.xml');
    }
    // lib/* is the broker's classpath: drop jars of an older pin so two versions never mix.
    for (const name of await readdir(libDir)) {
      if (name.endsWith('.jar')) await rm(join(libDir, name), { force: true });
    }
    for (const jar of jars) await rename(join(staging, jar), join(libDir, jar));
    return jars;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
