import { setTimeout as delay } from "node:timers/promises";
import { KitError } from "../../core/errors/kit-error.js";
import type { Logger } from "../../core/logging/logger.js";

/** Attempts in all, and the first wait (doubled each time, with full jitter). */
const ATTEMPTS = 4;
const BASE_MS = 250;

/**
 * Accepts one RTM socket event, trying again a few times: nothing redelivers a socket event, so a
 * store hiccup (`SQLITE_BUSY`, a Redis reconnect) while writing it down is waited out here. The
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
      const waitMs = Math.floor(Math.random() * BASE_MS * 2 ** (attempt - 1));
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
