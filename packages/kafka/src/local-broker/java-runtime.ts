import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LocalBrokerError } from './local-broker-error';
import { CommandNotFoundError, runCommand } from './run-command';

export const MIN_JAVA_MAJOR = 17;

export interface JavaRuntime {
  executable: string;
  major: number;
}

/** `$JAVA_HOME/bin/java` when JAVA_HOME points at a JDK/JRE, else `java` from the PATH. */
export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['JAVA_HOME'];
  if (home !== undefined && home !== '') {
    const candidate = join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

/**
 * The major version from `java -version` output: `"1.8.0_392"` is 8, `"17.0.15"` is 17, `"21"` is 21,
 * `"23-ea"` is 23. Null when no version string is found.
 */
export function parseJavaMajorVersion(output: string): number | null {
  const match = /version "([^"]+)"/.exec(output);
  const version = match?.[1];
  if (version === undefined) return null;
  const parts = /^(\d+)(?:\.(\d+))?/.exec(version);
  const first = parts?.[1];
  if (first === undefined) return null;
  const major = Number(first);
  if (major === 1 && parts?.[2] !== undefined) return Number(parts[2]);
  return major;
}

const JAVA_MISSING =
  'Java 17+ is required to run the local Kafka broker: install a JDK (apt-get install openjdk-17-jre-headless) or set KAFKA_BROKERS to use an existing cluster';

/** Finds Java and checks it is new enough for Kafka 4.x; throws LocalBrokerError otherwise. */
export async function checkJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime> {
  const executable = javaExecutable(env);
  let output: string;
  try {
    output = (await runCommand(executable, ['-version'], { timeoutMs: 30_000 })).output;
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new LocalBrokerError(JAVA_MISSING, 'install Java 17 or newer and make sure `java` is on the PATH (or JAVA_HOME is set)');
    }
    throw error;
  }
  const major = parseJavaMajorVersion(output);
  if (major === null) {
    throw new LocalBrokerError(
      `Could not read the Java version from \`${executable} -version\`: ${output.trim().split('\n')[0] ?? ''}`,
      'install Java 17 or newer (apt-get install openjdk-17-jre-headless) or set JAVA_HOME to one',
    );
  }
  if (major < MIN_JAVA_MAJOR) {
    throw new LocalBrokerError(
      `Java ${major} found (${executable}), but the local Kafka 4.x broker needs Java ${MIN_JAVA_MAJOR}+`,
      'install Java 17 or newer (apt-get install openjdk-17-jre-headless) and put it first on the PATH or set JAVA_HOME, or set KAFKA_BROKERS to use an existing cluster',
    );
  }
  return { executable, major };
}
