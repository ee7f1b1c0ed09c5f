import { signedAt } from "./signed-at.js";

/**
 * Whether a signed `X-Crisp-Request-Timestamp` lies within `maxSkewMs` of `now`, either way. Crisp
 * documents no replay window, so this is the runtime's own guard against a captured delivery being
 * sent again later; an unreadable timestamp is not fresh.
 */
export function isFresh(timestamp: string | undefined, now: number, maxSkewMs: number): boolean {
  const sentAt = signedAt(timestamp);
  return sentAt !== undefined && Math.abs(now - sentAt) <= maxSkewMs;
}
