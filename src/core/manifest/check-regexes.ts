import { compileLinearRegex, LinearRegexError } from "../rules/compile-linear-regex.js";
import { problemAt, type CheckContext } from "./check-context.js";
import type { DataPath } from "./manifest-source.js";
import type { Problem } from "./problem.js";
import { isPlain, rawConditions, rawRules } from "./walk-rules.js";

/**
 * Every pattern the manifest declares (rule `matches`, and `pattern` / `patternProperties` keys
 * in the settings schema) must compile on the linear-time engine: invalid patterns and features
 * it lacks (back references, look-around) are refused here, with the reason, at their position.
 */
export function checkRegexes(context: CheckContext): Problem[] {
  return [...rulePatterns(context), ...schemaPatterns(context.data.settings, ["settings"])].flatMap(
    ({ pattern, flags, at, key = false }) => {
      try {
        compileLinearRegex(pattern, flags);
        return [];
      } catch (error) {
        if (!(error instanceof LinearRegexError)) throw error;
        const code = error.reason === "invalid" ? "INVALID_REGEX" : "UNSAFE_REGEX";
        return [problemAt(context, at, code, error.message, { key })];
      }
    },
  );
}

interface FoundPattern {
  readonly pattern: string;
  readonly flags: string;
  readonly at: DataPath;
  /** The pattern is a mapping key (`patternProperties`): point at the key, not its value. */
  readonly key?: boolean;
}

function rulePatterns(context: CheckContext): FoundPattern[] {
  return rawRules(context.data).flatMap((rule) =>
    rawConditions(rule).flatMap(({ condition, path }) => {
      const { matches } = condition;
      const pattern = isPlain(matches) ? matches.pattern : matches;
      const flags = isPlain(matches) && typeof matches.flags === "string" ? matches.flags : "";
      // Flags other than i, m, s and u are the schema's to report, once, at the flags.
      if (typeof pattern !== "string" || !/^[imsu]*$/.test(flags)) return [];
      const at = isPlain(matches) ? [...path, "matches", "pattern"] : [...path, "matches"];
      return [{ pattern, flags, at }];
    }),
  );
}

/** Keywords whose value is data, not a schema: a `pattern` key under them is not a pattern. */
const DATA_KEYWORDS = new Set(["default", "enum", "const", "examples"]);

/** `pattern` values and `patternProperties` keys anywhere in a JSON Schema (ajv compiles them with "u"). */
function schemaPatterns(schema: unknown, path: DataPath): FoundPattern[] {
  if (Array.isArray(schema)) return schema.flatMap((item, index) => schemaPatterns(item, [...path, index]));
  if (!isPlain(schema)) return [];
  return Object.entries(schema).flatMap(([key, value]): FoundPattern[] => {
    const at = [...path, key];
    if (key === "pattern" && typeof value === "string") return [{ pattern: value, flags: "u", at }];
    if (key === "patternProperties" && isPlain(value)) {
      return Object.entries(value).flatMap(([pattern, sub]) => [
        { pattern, flags: "u", at: [...at, pattern], key: true },
        ...schemaPatterns(sub, [...at, pattern]),
      ]);
    }
    return DATA_KEYWORDS.has(key) ? [] : schemaPatterns(value, at);
  });
}
