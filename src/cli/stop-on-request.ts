import type { Logger } from "../core/logging/logger.js";
import type { CliIo, StopReason } from "./cli-io.js";

/**
 * On a stop request (SIGTERM or SIGINT for the process, `stop` in-process): stop taking events and
 * let the steps in flight finish within the deadline, then resolve with `exitCode()` (0 by default); a second request, or steps
 * still running at the deadline, end at once through `io.abort` (1, or the exit code so far).
 */
export function stopOnRequest(
  io: CliIo,
  close: (deadlineMs: number) => Promise<boolean>,
  log: Logger,
  options: { readonly deadlineMs?: number; readonly exitCode?: () => number } = {},
): Promise<number> {
  const deadlineMs = options.deadlineMs ?? 10_000;
  return new Promise((resolve) => {
    let stopping = false;
    const unsubscribe = io.onStop((reason) => {
      if (stopping) {
        log.warn(`${reason} again: exiting now`);
        io.abort(1);
        return;
      }
      stopping = true;
      log.info(`${reason}: finishing the steps in flight (up to ${deadlineMs / 1000} s), then exiting`);
      close(deadlineMs)
        .then((finished) => {
          unsubscribe();
          const code = options.exitCode?.() ?? 0;
          if (finished) {
            resolve(code);
            return;
          }
          // The deadline is a promise to whoever asked to stop: steps still waiting are abandoned.
          log.warn("some steps did not finish before the deadline; exiting anyway");
          io.abort(code);
          resolve(code);
        })
        .catch((error: unknown) => {
          unsubscribe();
          log.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        });
    });
  });
}

/**
 * `io` whose stop handlers also run on `request(reason)`: how a command stops itself, the same way a
 * signal would stop it.
 */
export function stoppable(io: CliIo): { readonly io: CliIo; readonly request: (reason: StopReason) => void } {
  const handlers = new Set<(reason: StopReason) => void>();
  return {
    io: {
      ...io,
      onStop: (handler) => {
        const off = io.onStop(handler);
        handlers.add(handler);
        return () => {
          off();
          handlers.delete(handler);
        };
      },
    },
    request: (reason) => {
      for (const handler of [...handlers]) handler(reason);
    },
  };
}
