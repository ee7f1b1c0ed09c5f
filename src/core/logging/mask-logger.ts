import type { LogFields, Logger } from "./logger.js";
import { maskSecrets, maskText } from "./mask-secrets.js";

/**
 * A logger that masks the given secret values (a website's `x-secret` settings) in messages and
 * fields before passing them on; `log` itself when there is nothing to mask.
 */
export function maskLogger(log: Logger, secrets: readonly string[]): Logger {
  if (secrets.length === 0) return log;
  const fieldsOf = (fields?: LogFields): LogFields | undefined =>
    fields === undefined ? undefined : (maskSecrets(fields, secrets) as LogFields);
  return {
    enabled: (level) => log.enabled(level),
    debug: (message, fields) => {
      log.debug(maskText(message, secrets), fieldsOf(fields));
    },
    info: (message, fields) => {
      log.info(maskText(message, secrets), fieldsOf(fields));
    },
    warn: (message, fields) => {
      log.warn(maskText(message, secrets), fieldsOf(fields));
    },
    error: (message, fields) => {
      log.error(maskText(message, secrets), fieldsOf(fields));
    },
  };
}
