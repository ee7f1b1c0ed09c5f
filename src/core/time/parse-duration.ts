/** Milliseconds in each unit of a duration, as `parseDuration` reads and `formatDuration` writes them. */
export const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const DURATION = /^(?<amount>[0-9]+)(?<unit>ms|s|m|h|d)$/;

/**
 * Milliseconds in a test's `after:` (`500ms`, `30s`, `5m`, `2h`, `1d`), or undefined when the text
 * is not of that form. A day is 24 hours: the simulated clock is UTC milliseconds, so a daylight
 * saving change moves local wall-clock time, as it would for a real visitor.
 */
export function parseDuration(text: string): number | undefined {
  const groups = DURATION.exec(text)?.groups;
  if (groups === undefined) return undefined;
  const amount = Number(groups.amount);
  const unit = groups.unit as keyof typeof UNIT_MS;
  const ms = amount * UNIT_MS[unit];
  return Number.isSafeInteger(ms) ? ms : undefined;
}
