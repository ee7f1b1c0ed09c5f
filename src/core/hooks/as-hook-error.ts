import { ERROR_CODES, KitError, type ErrorCode, type ErrorKind } from "../errors/kit-error.js";

/**
 * A hook's failure as a `KitError`: its own when it threw one (also one from another copy of this
 * package, as a hook importing `crisp-plugin-kit` through jiti gets), else `HOOK_FAILED` with its
 * message.
 */
export function asHookError(name: string, error: unknown): KitError {
  if (error instanceof KitError) return error;
  if (isForeignKitError(error)) return new KitError(error.code, error.message, { kind: error.kind, cause: error });
  return new KitError("HOOK_FAILED", `hook:${name} threw: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

function isForeignKitError(error: unknown): error is Error & { code: ErrorCode; kind: ErrorKind } {
  if (!(error instanceof Error) || error.name !== "KitError") return false;
  const { code, kind } = error as { code?: unknown; kind?: unknown };
  return (
    typeof code === "string" &&
    Object.hasOwn(ERROR_CODES, code) &&
    (kind === "retryable" || kind === "rate-limited" || kind === "unrecoverable")
  );
}
