import type { Logger } from "../observability/logger.js";

/**
 * On SIGTERM or SIGINT: stop taking events and let the steps in flight finish within the deadline,
 * then exit 0; a second signal exits at once (1).
 */
export function stopOnSignals(
  close: (deadlineMs: number) => Promise<boolean>,
  log: Logger,
  deadlineMs = 10_000,
): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log.warn(`${signal} again: exiting now`);
        process.exit(1);
      }
      stopping = true;
      log.info(`${signal}: finishing the steps in flight (up to ${deadlineMs / 1000} s), then exiting`);
      close(deadlineMs)
        .then((finished) => {
          const code = process.exitCode === undefined ? 0 : Number(process.exitCode);
          if (finished) {
            resolve(code);
            return;
          }
          // The deadline is a promise to whoever sent the signal: steps still waiting are abandoned.
          log.warn("some steps did not finish before the deadline; exiting anyway");
          process.exit(code);
        })
        .catch((error: unknown) => {
          log.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        });
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
