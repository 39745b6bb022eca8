/**
 * Resolves on the first SIGINT or SIGTERM. A second signal while shutting down exits at once,
 * for the impatient operator; whatever was not committed is redelivered on the next start.
 */
export function onShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', first);
      process.removeListener('SIGTERM', first);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.once('SIGINT', first);
    process.once('SIGTERM', first);
  });
}
