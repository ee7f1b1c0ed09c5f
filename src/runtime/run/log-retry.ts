import type { RestRetry } from "../crisp/crisp-gateway.js";
import type { Logger } from "../../core/logging/logger.js";

/**
 * Logs a retried Crisp call as a warning (Crisp had a hiccup; the plugin waits and tries again),
 * with the website it was for, if any.
 */
export function logRetry(log: Logger): (retry: RestRetry) => void {
  return ({ route, websiteId, attempt, delayMs, error }) => {
    log.warn(
      `${route}: attempt ${attempt} failed, retrying in ${delayMs} ms: ${error.message}`,
      websiteId === "" ? {} : { website_id: websiteId },
    );
  };
}
