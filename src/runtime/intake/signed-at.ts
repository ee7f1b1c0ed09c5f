/**
 * Timestamps below this are taken as seconds: as milliseconds they would fall in 1973. Crisp does
 * not document the unit of `X-Crisp-Request-Timestamp` (the body's `timestamp` is milliseconds).
 */
const SECONDS_BELOW = 100_000_000_000;

/** A signed `X-Crisp-Request-Timestamp` in milliseconds, or `undefined` when it is unreadable. */
export function signedAt(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined || timestamp.trim() === "") return undefined;
  const value = Number(timestamp);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return value < SECONDS_BELOW ? value * 1000 : value;
}
