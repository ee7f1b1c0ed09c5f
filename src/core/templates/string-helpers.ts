import { asText } from "./as-text.js";
import type { TemplateHelper } from "./template-helper.js";
import { valuesEqual } from "./values-equal.js";

const ELLIPSIS = "…";

/** Text helpers. Values that are not text (objects, lists, missing) render as "". */
export const STRING_HELPERS: readonly TemplateHelper[] = [
  {
    name: "lower",
    description: "The text in lower case.",
    example: "{{lower data.user.nickname}}",
    fn: (value) => asText(value)?.toLowerCase() ?? "",
  },
  {
    name: "upper",
    description: "The text in upper case.",
    example: "{{upper data.user.nickname}}",
    fn: (value) => asText(value)?.toUpperCase() ?? "",
  },
  {
    name: "trim",
    description: "The text without leading and trailing white space.",
    example: "{{trim data.content}}",
    fn: (value) => asText(value)?.trim() ?? "",
  },
  {
    name: "truncate",
    description: `The text cut to at most \`length\` characters, ending with "${ELLIPSIS}" when cut.`,
    example: "{{truncate data.content 80}}",
    fn: truncate,
  },
  {
    name: "replace",
    description: "The text with every occurrence of `from` (plain text, not a pattern) replaced by `to`.",
    example: '{{replace data.user.nickname "_" " "}}',
    fn: replace,
  },
  {
    name: "encode",
    description:
      "The text encoded as one URL component (`/`, `?`, `&`, `#` and spaces escaped), for a path segment or a query value. Values in an `http` URL are encoded this way without asking.",
    example: "https://example.com/search?q={{encode data.content}}",
    fn: (value) => encodeURIComponent(asText(value) ?? ""),
  },
  {
    name: "contains",
    description: "Whether the text contains the other, ignoring case; or whether the list has an equal item.",
    example: '{{#if (contains data.content "refund")}}...{{/if}}',
    fn: contains,
  },
  {
    name: "startsWith",
    description: "Whether the text starts with the other, ignoring case.",
    example: '{{#if (startsWith data.content "/help")}}...{{/if}}',
    fn: (value, prefix) => caseless(value, prefix, (text, other) => text.startsWith(other)),
  },
  {
    name: "endsWith",
    description: "Whether the text ends with the other, ignoring case.",
    example: '{{#if (endsWith data.content "?")}}...{{/if}}',
    fn: (value, suffix) => caseless(value, suffix, (text, other) => text.endsWith(other)),
  },
];

function truncate(value: unknown, length: unknown): string {
  const text = asText(value) ?? "";
  const limit = typeof length === "number" && Number.isInteger(length) && length > 0 ? length : undefined;
  if (limit === undefined) return text;
  // Code points, so that an emoji is never cut in half.
  const characters = Array.from(text);
  if (characters.length <= limit) return text;
  return characters.slice(0, limit - 1).join("") + ELLIPSIS;
}

function replace(value: unknown, from: unknown, to: unknown): string {
  const text = asText(value) ?? "";
  const search = asText(from);
  // Replacing "" would insert `to` between every character: keep the text instead.
  if (search === undefined || search === "") return text;
  return text.replaceAll(search, () => asText(to) ?? "");
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((item) => valuesEqual(item, needle));
  return caseless(haystack, needle, (text, other) => text.includes(other));
}

function caseless(value: unknown, other: unknown, test: (text: string, other: string) => boolean): boolean {
  const text = asText(value);
  const search = asText(other);
  return text !== undefined && search !== undefined && test(text.toLowerCase(), search.toLowerCase());
}
