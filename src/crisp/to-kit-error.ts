import { KitError, type ErrorKind } from "../errors/kit-error.js";

/** The plain object crisp-api rejects with (it never rejects with an `Error`). */
interface CrispRejection {
  reason?: string;
  message?: string;
  code?: number;
  data?: { namespace?: string; message?: string };
}

/**
 * Turns a crisp-api rejection into a {@link KitError} `CRISP_REQUEST_FAILED`, classified:
 * 420/429 are rate limits; 5xx, timeouts and network failures are retryable; other 4xx are not.
 */
export function toKitError(error: unknown, route: string, context: Record<string, unknown> = {}): KitError {
  if (error instanceof KitError) return error;
  const rejection = (typeof error === "object" && error !== null ? error : {}) as CrispRejection;
  const status = typeof rejection.code === "number" ? rejection.code : 0;
  const network = rejection.data?.namespace === "request";
  const reason = network ? (rejection.data?.message ?? "request error") : (rejection.message ?? String(error));
  const kind: ErrorKind =
    status === 420 || status === 429
      ? "rate-limited"
      : network || status >= 500 || status === 0
        ? "retryable"
        : "unrecoverable";
  const what = network ? "could not reach Crisp" : `Crisp answered ${status} ${reason}`;
  return new KitError("CRISP_REQUEST_FAILED", `${route}: ${what}`, {
    cause: error,
    kind,
    context: { ...context, route, status: network ? undefined : status, reason },
  });
}
