// A worker for sweep-pool.test.ts: the real serveSweepWorker with a scorer that raises nothing
// (the pool's process handling is under test, not detection), and a seed that kills the process.
import type { ToWorker, WorkerChannel } from './sweep-protocol';
import { serveSweepWorker } from './sweep-worker';

process.on('message', (message: ToWorker) => {
  if (message.type === 'run' && message.spec.seed.startsWith('crash')) process.exit(3);
});
await serveSweepWorker(
  process as unknown as WorkerChannel,
  async () => ({ scorer: { observe: () => [], trackedTokens: () => 0 }, fingerprintKey: 'pool-test-key', enrich: undefined }),
  () => performance.now(),
);
process.disconnect();
