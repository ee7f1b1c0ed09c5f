import { DEFAULT_DATE_FORMAT, formatDate } from "./format-date.js";
import type { TemplateHelper } from "./template-helper.js";

/** Helpers that read or shape a value: a property, a fallback, JSON, a date. */
export const VALUE_HELPERS: readonly TemplateHelper[] = [
  {
    // Replaces Handlebars' own `lookup`, so that no template can climb to a prototype.
    name: "lookup",
    description: "The value's own property `key` (or list item at an index); nothing inherited.",
    example: "{{lookup settings.replies data.type}}",
    fn: lookupOwn,
  },
  {
    name: "default",
    description: 'The value, or `fallback` when the value is missing, null or "".',
    example: '{{default data.user.nickname "there"}}',
    fn: (value, fallback) => (value === undefined || value === null || value === "" ? fallback : value),
  },
  {
    name: "json",
    description: 'The value as JSON (`"text"`, `{"a":1}`); "" when it has none (missing, or cyclic).',
    example: "{{json data}}",
    fn: json,
  },
  {
    name: "date",
    description: `A date (ISO text, milliseconds, or a Date) in an IANA timezone (default UTC), with the tokens YYYY MM DD HH mm ss dddd (default "${DEFAULT_DATE_FORMAT}"); "" when the date or the timezone is invalid.`,
    example: '{{date now "dddd HH:mm" settings.timezone}}',
    fn: (value, format, timezone) =>
      formatDate(
        value,
        typeof format === "string" ? format : DEFAULT_DATE_FORMAT,
        typeof timezone === "string" ? timezone : "UTC",
      ),
  },
];

function lookupOwn(target: unknown, key: unknown): unknown {
  if (typeof target !== "string" && (typeof target !== "object" || target === null)) return undefined;
  const name = typeof key === "number" ? String(key) : key;
  // Object() boxes a string, whose own properties are its characters and `length`.
  if (typeof name !== "string" || !Object.hasOwn(Object(target) as object, name)) return undefined;
  const found: unknown = (target as Record<string, unknown>)[name];
  // Context data is JSON; a function can only be something a template should not call.
  return typeof found === "function" ? undefined : found;
}

function json(value: unknown): string {
  try {
    // JSON.stringify returns undefined (not a string) for undefined and functions.
    return JSON.stringify(value) ?? "";
  } catch {
    // Cycles and BigInts: render nothing rather than break the template.
    return "";
  }
}
