/**
 * Timestamps below this are taken as seconds: as milliseconds they would fall in 1973. Crisp does
 * not document the unit of `X-Crisp-Request-Timestamp` (the body's `timestamp` is milliseconds).
 */
const SECONDS_BELOW = 100_000_000_000;

/**
 * Whether a signed `X-Crisp-Request-Timestamp` lies within `maxSkewMs` of `now`, either way. Crisp
 * documents no replay window, so this is the runtime's own guard against a captured delivery being
 * sent again later; an unreadable timestamp is not fresh.
 */
export function isFresh(timestamp: string | undefined, now: number, maxSkewMs: number): boolean {
  if (timestamp === undefined || timestamp.trim() === "") return false;
  const value = Number(timestamp);
  if (!Number.isFinite(value) || value <= 0) return false;
  const sentAt = value < SECONDS_BELOW ? value * 1000 : value;
  return Math.abs(now - sentAt) <= maxSkewMs;
}
