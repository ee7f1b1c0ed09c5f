import { compareValues } from "./compare-values.js";
import type { TemplateHelper } from "./template-helper.js";
import { valuesEqual } from "./values-equal.js";

/**
 * Comparison and logic helpers, meant as sub-expressions of `#if`:
 * `{{#if (and (eq data.type "text") (gt data.content.length 3))}}`.
 */
export const COMPARISON_HELPERS: readonly TemplateHelper[] = [
  {
    name: "eq",
    description: 'Whether two values are equal ("5" equals 5; text is compared case included).',
    example: '{{#if (eq data.type "text")}}...{{/if}}',
    fn: (a, b) => valuesEqual(a, b),
  },
  {
    name: "ne",
    description: "Whether two values differ.",
    example: '{{#if (ne data.origin "chat")}}...{{/if}}',
    fn: (a, b) => !valuesEqual(a, b),
  },
  order("gt", "greater than", (sign) => sign > 0),
  order("gte", "greater than or equal to", (sign) => sign >= 0),
  order("lt", "less than", (sign) => sign < 0),
  order("lte", "less than or equal to", (sign) => sign <= 0),
  {
    name: "and",
    description: "Whether every argument is truthy (not empty, false, 0, null or an empty list).",
    example: "{{#if (and settings.enabled data.content)}}...{{/if}}",
    fn: (...values) => values.every(isTruthy),
  },
  {
    name: "or",
    description: "Whether at least one argument is truthy.",
    example: "{{#if (or data.urgent settings.always)}}...{{/if}}",
    fn: (...values) => values.some(isTruthy),
  },
  {
    name: "not",
    description: "Whether the argument is falsy.",
    example: "{{#if (not data.fingerprint)}}...{{/if}}",
    fn: (value) => !isTruthy(value),
  },
];

function order(name: string, words: string, accept: (sign: number) => boolean): TemplateHelper {
  return {
    name,
    description: `Whether the first value is ${words} the second; numbers (and numeric text) compare as numbers, other text by code unit (ISO dates order correctly); false when they cannot be compared.`,
    example: `{{#if (${name} steps.lookup.count 3)}}...{{/if}}`,
    fn: (a, b) => {
      const sign = compareValues(a, b);
      return sign !== undefined && accept(sign);
    },
  };
}

// Handlebars' own notion of truthiness (`#if`), so that helpers and blocks agree.
function isTruthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}
