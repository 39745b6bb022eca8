import type { SimEvent } from './model/sim-event';
import { planSimulation, type SimulationOptions, type SimulationPlan } from './plan/simulation-plan';
import type { LabelsFile } from './labels/labels.schema';
import { mergeByTime } from './traffic/merge';
import { organicTraffic } from './traffic/organic.stream';
import type { GatewayWriter } from './writers/writer';

export interface Simulation {
  plan: SimulationPlan;
  /** Every request of the period in event-time order, generated lazily (re-iterable: each call starts over). */
  events(): Generator<SimEvent>;
  /** The labels file for records written by `writer`. */
  labels(writer: GatewayWriter): LabelsFile;
}

export function createSimulation(options: SimulationOptions): Simulation {
  const plan = planSimulation(options);
  return {
    plan,
    events: () => simulationEvents(plan),
    labels: (writer) => labelsOf(plan, writer),
  };
}

function* simulationEvents(plan: SimulationPlan): Generator<SimEvent> {
  const { seed } = plan.options;
  const sources: Iterator<SimEvent>[] = plan.tokens.map((spec) => organicTraffic(spec, seed, plan.period, plan.incidents));
  for (const episode of plan.episodes) if (episode.events) sources.push(episode.events());
  for (const event of mergeByTime(sources)) {
    if (event.ts >= plan.period.start && event.ts < plan.period.end) yield event;
  }
}

function labelsOf(plan: SimulationPlan, writer: GatewayWriter): LabelsFile {
  const { options, period } = plan;
  return {
    version: 1,
    meta: {
      tokens: options.tokens,
      days: options.days,
      start: period.start,
      end: period.end,
      seed: options.seed,
      format: writer.format,
      learningEnd: plan.learningEnd,
    },
    episodes: plan.episodes.map((e) => ({
      id: e.id,
      scenario: e.scenario.name,
      label: e.scenario.label,
      token: writer.tokenOf(e.victim.identity),
      tokenKind: writer.tokenKind,
      start: e.start,
      end: e.end,
      expectedSignals: [...e.scenario.expectedSignals],
      ...(e.scenario.resembles ? { resembles: [...e.scenario.resembles] } : {}),
      persona: e.victim.persona.kind,
      detail: e.detail,
    })),
  };
}
