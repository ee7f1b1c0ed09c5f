import { KitError } from "../../core/errors/kit-error.js";

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
  if (status === 0) {
    return new KitError(
      "CRISP_REQUEST_FAILED",
      `cannot reach Crisp at ${host}; check CRISP_REST_HOST and the network`,
      { cause: error },
    );
  }
  return error;
}
