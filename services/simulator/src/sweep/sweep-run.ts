import { Alert } from '@tokenwatch/contracts';
import type { Line } from '@tokenwatch/formats';
import { newReplayStats, replayAdapter, replayLines, type ReplayOptions } from '@tokenwatch/replay';
import { Evaluation, type EvaluationReport } from '../evaluate/evaluation';
import { renderedRecords } from '../output/simulation.files';
import { createSimulation, type Simulation } from '../simulation';
import type { GatewayWriter } from '../writers/writer';
import { writerFor } from '../writers/writers';
import type { SweepRunSpec } from './sweep-plan';

/** What `tokenwatch replay` configures: the detector, the fingerprint key and the enrichment. */
export interface SweepPipeline {
  scorer: ReplayOptions['scorer'];
  fingerprintKey: string | Uint8Array;
  enrich: ReplayOptions['enrich'];
}

export interface SweepRunResult {
  spec: SweepRunSpec;
  events: number;
  rejected: number;
  /** Episodes the simulator could not place, as `scenario#n: reason`. */
  skipped: string[];
  report: EvaluationReport;
}

/** A finished run with its wall time. */
export type CompletedRun = SweepRunResult & { seconds: number };

/** How far a run is: events scored and the share of its simulated period read. */
export type RunProgress = (events: number, fraction: number) => void;

const PROGRESS_EVERY = 20_000;

/**
 * One run, streamed: simulate → the replay pipeline (normalize with the format's adapter, enrich,
 * event-time order, score) → evaluate, with no file in between.
 */
export async function runSweepRun(spec: SweepRunSpec, pipeline: SweepPipeline, onProgress?: RunProgress): Promise<SweepRunResult> {
  const writer = writerFor(spec.format);
  if (!writer) throw new Error(`unknown format "${spec.format}"`);
  const simulation = createSimulation({ tokens: spec.tokens, days: spec.days, seed: spec.seed, start: spec.start });
  const evaluation = new Evaluation(simulation.labels(writer), {
    key: pipeline.fingerprintKey,
    minSeverity: spec.minSeverity,
    tokens: tokensOf(simulation, writer),
  });
  const stats = newReplayStats();
  const options: ReplayOptions = {
    adapter: replayAdapter(spec.format),
    fingerprintKey: pipeline.fingerprintKey,
    scorer: pipeline.scorer,
    enrich: pipeline.enrich,
  };
  const { start, end } = simulation.plan.period;
  const lines = recordLines(simulation, writer, (ts) => onProgress?.(stats.events, (ts - start) / (end - start)));
  // As `tokenwatch evaluate` reads alerts back: a line that is not a valid Alert v1 is not counted.
  for await (const alert of replayLines(lines, options, stats)) evaluation.add(Alert.safeParse(alert).success ? alert : undefined);
  onProgress?.(stats.events, 1);
  return { spec, events: stats.events, rejected: stats.rejected, skipped: [...simulation.plan.skipped], report: evaluation.report() };
}

async function* recordLines(simulation: Simulation, writer: GatewayWriter, progress: (ts: number) => void): AsyncGenerator<Line> {
  let number = 0;
  for (const { ts, record } of renderedRecords(simulation, writer)) {
    number += 1;
    if (number % PROGRESS_EVERY === 0) progress(ts);
    yield { kind: 'line', number, text: record };
  }
}

function tokensOf(simulation: Simulation, writer: GatewayWriter) {
  return simulation.plan.tokens.map((t) => ({ token: writer.tokenOf(t.identity), tokenKind: writer.tokenKind, persona: t.persona.kind }));
}
