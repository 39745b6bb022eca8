import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** V8 CPU profile of one phase of a bench (open the file in Chrome DevTools or speedscope). */
export async function startCpuProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
