import { BoundedMemo } from "../cache/bounded-memo.js";

/** A moment as read on a wall clock in one timezone. */
export interface ZonedDateParts {
  readonly year: string;
  /** `01` to `12`. */
  readonly month: string;
  /** `01` to `31`. */
  readonly day: string;
  /** `00` to `23`. */
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
  /** The English day name, `Monday` to `Sunday`. */
  readonly weekday: string;
}

// Intl.DateTimeFormat construction costs tens of microseconds; there are a few hundred IANA zones,
// so formatters are kept per zone. Names are case-insensitive for Intl, hence the lower-case key;
// the bound only guards against a flood of distinct offset spellings.
const formatters = new BoundedMemo<Intl.DateTimeFormat | undefined>(1000);

/**
 * The wall-clock parts of `instant` in `timezone` (an IANA name such as `Europe/Paris`), or
 * undefined when the timezone is not one Intl knows or the instant is not a valid date.
 */
export function zonedDateParts(instant: Date, timezone: string): ZonedDateParts | undefined {
  const formatter = timezoneFormatter(timezone);
  if (formatter === undefined || Number.isNaN(instant.getTime())) return undefined;
  const parts: Record<string, string> = {};
  for (const { type, value } of formatter.formatToParts(instant)) parts[type] = value;
  const { year, month, day, hour, minute, second, weekday } = parts;
  if (!year || !month || !day || !hour || !minute || !second || !weekday) return undefined;
  return { year, month, day, hour, minute, second, weekday };
}

/** The cached formatter of a timezone, or undefined when Intl does not know the timezone. */
export function timezoneFormatter(timezone: string): Intl.DateTimeFormat | undefined {
  // An empty or missing zone would silently mean the host's local zone: refuse it.
  if (timezone.trim() === "") return undefined;
  return formatters.get(timezone.toLowerCase(), () => createFormatter(timezone));
}

function createFormatter(timezone: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      // h23 rather than hour12: false, which renders midnight as "24" on some ICU versions.
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "long",
    });
  } catch {
    return undefined;
  }
}
