import { readFile } from 'node:fs/promises';
import { ConfigError } from '@tokenwatch/config';
import { createDetector, parseDetectorConfig, type Detector, type DetectorConfig } from '@tokenwatch/detector';

/**
 * The detector tuning file (JSON: per-signal thresholds and sensitivity, allowlists, suppressions
 * with expiry; see packages/detector/README.md). No path: the defaults. A file that cannot be read or
 * does not validate stops the command with one line naming the file and the first problem.
 */
export async function loadDetectorConfig(path: string | undefined): Promise<DetectorConfig> {
  if (path === undefined) return parseDetectorConfig({});
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`detector config ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`detector config ${path}: not JSON (${(error as Error).message})`);
  }
  try {
    return parseDetectorConfig(json);
  } catch (error) {
    const issue = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues?.[0];
    throw new ConfigError(`detector config ${path}: ${issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : (error as Error).message}`);
  }
}

export async function createConfiguredDetector(path: string | undefined): Promise<Detector> {
  return createDetector(await loadDetectorConfig(path));
}
