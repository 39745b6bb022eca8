import { writeFile } from 'node:fs/promises';
import type { Simulation } from '../simulation';
import type { GatewayWriter } from '../writers/writer';
import { LineSink } from '@tokenwatch/replay';

export interface FileRunStats {
  events: number;
  bytes: number;
}

/** Streams the simulation's records to a file, one per line, in event-time order. */
export async function writeRecordsFile(
  simulation: Simulation,
  writer: GatewayWriter,
  path: string,
  onProgress?: (events: number, ts: number) => void,
): Promise<FileRunStats> {
  const sink = LineSink.toFile(path);
  for (const event of simulation.events()) {
    await sink.write(writer.write(event));
    if (onProgress && sink.lines % 100_000 === 0) onProgress(sink.lines, event.ts);
  }
  await sink.close();
  return { events: sink.lines, bytes: sink.bytes };
}

/** The labels file: `{ version, meta, episodes }`, pretty-printed, byte-identical for a seed. */
export async function writeLabelsFile(simulation: Simulation, writer: GatewayWriter, path: string): Promise<void> {
  await writeFile(path, `${JSON.stringify(simulation.labels(writer), null, 2)}\n`);
}

/** The simulation's records rendered by a writer, with their event time. */
export function* renderedRecords(simulation: Simulation, writer: GatewayWriter): Generator<{ ts: number; record: string }> {
  for (const event of simulation.events()) yield { ts: event.ts, record: writer.write(event) };
}
