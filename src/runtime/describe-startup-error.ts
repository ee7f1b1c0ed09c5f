import { KitError } from "../errors/kit-error.js";
import type { RestRetry } from "../crisp/with-retries.js";
import type { Logger } from "../observability/logger.js";

/** Logs a retried start-up call as a warning: Crisp had a hiccup, the plugin waits and tries again. */
export function logRetry(log: Logger): (retry: RestRetry) => void {
  return ({ route, attempt, delayMs, error }) => {
    log.warn(`${route}: attempt ${attempt} failed, retrying in ${delayMs} ms: ${error.message}`);
  };
}

/**
 * What a failed start-up call means for the person starting the plugin: refused credentials,
 * an unreachable Crisp, or Crisp's own error.
 */
export function describeStartupError(error: unknown, host: string): KitError {
  if (!(error instanceof KitError)) return new KitError("CRISP_REQUEST_FAILED", String(error), { cause: error });
  const status = error.context.status;
  if (status === 401 || status === 403) {
    return new KitError(
      "CRISP_UNAUTHORIZED",
      `Crisp refused the plugin token (${String(status)}); check CRISP_IDENTIFIER and CRISP_KEY`,
      { cause: error },
    );
  }
  if (status === undefined) {
    return new KitError(
      "CRISP_REQUEST_FAILED",
      `cannot reach Crisp at ${host}; check CRISP_REST_HOST and the network`,
      { cause: error },
    );
  }
  return error;
}
