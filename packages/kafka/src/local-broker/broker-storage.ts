import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrokerPaths } from './broker-paths';
import { LocalBrokerError, lastLines } from './local-broker-error';
import { runCommand } from './run-command';
import { newClusterId } from './server-properties';

export interface FormatStorageOptions {
  java: string;
  libDir: string;
  log4jConfig: string;
  paths: BrokerPaths;
  /** More `kafka-storage format` arguments, e.g. `--add-scram` users. */
  formatArgs?: string[];
  onProgress?: (line: string) => void;
}

/** The cluster id recorded in `<data>/meta.properties`, or null when the storage is not formatted. */
export async function formattedClusterId(dataDir: string): Promise<string | null> {
  try {
    const meta = await readFile(join(dataDir, 'meta.properties'), 'utf8');
    return /^cluster\.id=(\S+)/m.exec(meta)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Formats the KRaft storage the first time (`kafka-storage format`) and returns the cluster id.
 * The id is kept in `<home>/kafka/cluster-id`, so a wiped data folder is formatted with the same id.
 */
export async function ensureStorageFormatted(opts: FormatStorageOptions): Promise<string> {
  const { paths } = opts;
  const existing = await formattedClusterId(paths.dataDir);
  if (existing !== null) return existing;

  let clusterId = existsSync(paths.clusterIdFile) ? (await readFile(paths.clusterIdFile, 'utf8')).trim() : '';
  if (!/^[A-Za-z0-9_-]{22}$/.test(clusterId)) {
    clusterId = newClusterId();
    await writeFile(paths.clusterIdFile, `${clusterId}\n`);
  }
  opts.onProgress?.(`Formatting Kafka storage in ${paths.dataDir} (cluster id ${clusterId})…`);
  const result = await runCommand(
    opts.java,
    [
      `-Dlog4j2.configurationFile=${opts.log4jConfig}`,
      `-Dkafka.logs.dir=${paths.logsDir}`,
      '-cp',
      `${opts.libDir}/*`,
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      clusterId,
      '-c',
      paths.propertiesFile,
      ...(opts.formatArgs ?? []),
    ],
    { cwd: paths.root, timeoutMs: 120_000 },
  );
  if (result.code !== 0) {
    throw new LocalBrokerError(
      `Formatting the Kafka storage in ${paths.dataDir} failed (exit ${result.code ?? result.signal}):\n${lastLines(result.output, 8)}`,
      `delete ${paths.root} to start again from empty storage (this drops all local topics)`,
    );
  }
  return clusterId;
}
