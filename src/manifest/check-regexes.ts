import safeRegex from "safe-regex2";
import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";
import { isPlain, rawConditions, rawRules } from "./walk-rules.js";

/** Invalid `matches` patterns, and patterns whose nested repetition can backtrack exponentially. */
export function checkRegexes(context: CheckContext): Problem[] {
  return rawRules(context.data).flatMap((rule) =>
    rawConditions(rule).flatMap(({ condition, path }) => {
      const { matches } = condition;
      const pattern = isPlain(matches) ? matches.pattern : matches;
      const flags = isPlain(matches) && typeof matches.flags === "string" ? matches.flags : "";
      // Flags other than i, m, s and u are the schema's to report, once, at the flags.
      if (typeof pattern !== "string" || !/^[imsu]*$/.test(flags)) return [];
      const at = isPlain(matches) ? [...path, "matches", "pattern"] : [...path, "matches"];
      try {
        new RegExp(pattern, flags);
      } catch (error) {
        const reason = error instanceof Error ? (error.message.split(": ").at(-1) ?? error.message) : String(error);
        return [
          problemAt(
            context,
            at,
            "INVALID_REGEX",
            `${JSON.stringify(pattern)} is not a valid regular expression: ${reason}`,
          ),
        ];
      }
      if (!safeRegex(pattern)) {
        return [
          problemAt(
            context,
            at,
            "UNSAFE_REGEX",
            `${JSON.stringify(pattern)} nests repetition and can backtrack catastrophically`,
          ),
        ];
      }
      return [];
    }),
  );
}
