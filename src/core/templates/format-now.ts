// The last second formatted: events come in bursts, and most of an ISO string is the same for
// every event of one second.
let cachedSecond = Number.NaN;
let cachedPrefix = "";

/**
 * `date.toISOString()`, the same text for every date (`2024-03-01T09:30:00.000Z`, extended years
 * and the RangeError of an invalid date included), at a fraction of its cost when called again
 * within the same second: the text up to the second is kept, only the milliseconds are written.
 * The template context's `now` is built this way once per event, read or not; `toISOString`
 * costs more than evaluating a simple rule.
 */
export function formatNow(date: Date): string {
  const time = date.getTime();
  const second = Math.floor(time / 1000);
  if (second !== cachedSecond) {
    const text = date.toISOString();
    cachedSecond = second;
    // Every ISO string ends with `.mmmZ`.
    cachedPrefix = text.slice(0, -4);
    return text;
  }
  const ms = time - second * 1000;
  return `${cachedPrefix}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
}
