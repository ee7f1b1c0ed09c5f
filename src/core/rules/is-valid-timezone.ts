import { timezoneFormatter } from "../templates/zoned-date-parts.js";

/**
 * Whether `name` is a timezone this runtime knows (`Europe/Paris`, `UTC`; IANA names are
 * case-insensitive). The formatter built to check is kept, so checking then using costs one build.
 */
export function isValidTimezone(name: string): boolean {
  return typeof name === "string" && timezoneFormatter(name) !== undefined;
}
