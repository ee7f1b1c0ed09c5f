import { setTimeout as delay } from "node:timers/promises";
import { KitError } from "../../core/errors/kit-error.js";
import type { Logger } from "../../core/logging/logger.js";

/**
 * Attempts in all, the first wait (doubled each time, at most {@link MAX_WAIT_MS}, half of it
 * random): about 5 to 10 seconds in all, what a Redis restart with its append-only file takes.
 */
const ATTEMPTS = 8;
const BASE_MS = 250;
const MAX_WAIT_MS = 2_000;

/**
 * Accepts one RTM socket event, trying again for some seconds: nothing redelivers a socket event, so
 * a store hiccup (`SQLITE_BUSY`, a Redis restart) while writing it down is waited out here. The
 * error is logged as what it is (Crisp calls have their own retries, in the gateway); a bug in our
 * code (`TypeError`...) or an error said to be unrecoverable is not tried again.
 */
export async function retryAccept<T>(
  name: string,
  accept: () => Promise<T>,
  log: Logger,
  sleep: (ms: number) => Promise<unknown> = delay,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await accept();
    } catch (error) {
      if (attempt >= ATTEMPTS || !mayPass(error)) throw error;
      const ceiling = Math.min(MAX_WAIT_MS, BASE_MS * 2 ** (attempt - 1));
      const waitMs = Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
      log.warn(
        `accepting ${name}: attempt ${attempt} failed, retrying in ${waitMs} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
      await sleep(waitMs);
    }
  }
}

/** Whether trying again may help: not for a programming error, nor a `KitError` said unrecoverable. */
function mayPass(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) return false;
  if (error instanceof SyntaxError) return false;
  return !(error instanceof KitError && error.kind === "unrecoverable");
}
