import { zonedDateParts, type ZonedDateParts } from "./zoned-date-parts.js";

/** The format used when a template gives none. */
export const DEFAULT_DATE_FORMAT = "YYYY-MM-DD HH:mm";

const TOKENS = /YYYY|MM|DD|HH|mm|ss|dddd/g;
const DIGITS = /^\d{1,15}$/;

const TOKEN_VALUES: Readonly<Record<string, (parts: ZonedDateParts) => string>> = {
  YYYY: (parts) => parts.year,
  MM: (parts) => parts.month,
  DD: (parts) => parts.day,
  HH: (parts) => parts.hour,
  mm: (parts) => parts.minute,
  ss: (parts) => parts.second,
  dddd: (parts) => parts.weekday,
};

/**
 * Formats a date in a timezone with a small token format: `YYYY` year, `MM` month, `DD` day,
 * `HH` hour (00-23), `mm` minutes, `ss` seconds, `dddd` English day name; other text is kept.
 * `value` is an ISO 8601 string, milliseconds since the epoch (a number or digits), or a Date.
 * Returns "" when the date or the timezone is invalid: a template shows nothing rather than a
 * wrong time.
 */
export function formatDate(value: unknown, format: string = DEFAULT_DATE_FORMAT, timezone = "UTC"): string {
  const instant = toDate(value);
  if (instant === undefined) return "";
  const parts = zonedDateParts(instant, timezone);
  if (parts === undefined) return "";
  return format.replace(TOKENS, (token) => TOKEN_VALUES[token]?.(parts) ?? token);
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  if (typeof value !== "string") return undefined;
  return DIGITS.test(value) ? new Date(Number(value)) : new Date(value);
}
