import { KitError } from "../errors/kit-error.js";

/**
 * The error thrown when a condition cannot be compiled. The manifest validator reports these
 * problems with a file position first; this is defence in depth for conditions built elsewhere.
 */
export function invalidCondition(at: string, problem: string, cause?: unknown): KitError {
  return new KitError("MANIFEST_INVALID", `${at}: ${problem}`, { cause, context: { at } });
}
