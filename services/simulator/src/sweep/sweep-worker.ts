import type { FromWorker, ToWorker, WorkerChannel } from './sweep-protocol';
import { runSweepRun, type SweepPipeline } from './sweep-run';

const PROGRESS_INTERVAL_MS = 1000;

/**
 * The worker side: runs each spec it is sent, one at a time, with a fresh pipeline from
 * `pipelineFor` (a new detector per run), and answers done or failed. Resolves when told to stop or
 * when the parent goes away. `clock` gives milliseconds, for run times and progress pacing.
 */
export function serveSweepWorker(channel: WorkerChannel, pipelineFor: () => Promise<SweepPipeline>, clock: () => number): Promise<void> {
  const send = (message: FromWorker) => channel.send(message);
  return new Promise((resolve) => {
    let queue = Promise.resolve();
    channel.on('disconnect', () => resolve());
    channel.on('message', (message: ToWorker) => {
      if (message.type === 'stop') {
        void queue.then(() => resolve());
        return;
      }
      queue = queue.then(async () => {
        const { spec } = message;
        const began = clock();
        let lastProgress = began;
        try {
          const result = await runSweepRun(spec, await pipelineFor(), (events, fraction) => {
            const now = clock();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            send({ type: 'progress', seed: spec.seed, events, fraction });
          });
          send({ type: 'done', result, seconds: (clock() - began) / 1000 });
        } catch (error) {
          send({ type: 'failed', seed: spec.seed, message: (error as Error).message ?? String(error) });
        }
      });
    });
    send({ type: 'ready' });
  });
}
