import type { ErrorObject } from "ajv";
import { LinearRegexError } from "../rules/compile-linear-regex.js";
import { problemAt, type CheckContext } from "./check-context.js";
import { createAjv } from "./create-ajv.js";
import type { Problem } from "./problem.js";
import { mapAjvErrors } from "./validate-schema.js";
import { isPlain } from "./walk-rules.js";

/** `settings:` must itself be a JSON Schema (draft-07) that ajv can compile. */
export function checkSettingsSchema(context: CheckContext): Problem[] {
  const { settings } = context.data;
  if (!isPlain(settings)) return [];
  const ajv = createAjv();
  if (!ajv.validateSchema(settings)) {
    return mapAjvErrors(
      context.source,
      ["settings"],
      onePerPlace(ajv.errors ?? []),
      "INVALID_SETTINGS_SCHEMA",
      (error) => `is not a valid JSON Schema: ${error.message ?? error.keyword}`,
    );
  }
  try {
    ajv.compile(settings);
    return [];
  } catch (error) {
    if (error instanceof LinearRegexError) return []; // checkRegexes reports it, at the pattern.
    const reason = error instanceof Error ? error.message : String(error);
    return [
      problemAt(
        context,
        ["settings"],
        "INVALID_SETTINGS_SCHEMA",
        `settings does not compile as a JSON Schema: ${reason}`,
      ),
    ];
  }
}

/**
 * The meta-schema reports one mistake several times (`type: strng` fails an enum, a type and an
 * anyOf); one error per place is enough, the most specific: a list of allowed values first.
 */
function onePerPlace(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPlace = new Map<string, ErrorObject>();
  const rank = (error: ErrorObject): number => (error.keyword === "enum" ? 0 : error.keyword === "anyOf" ? 2 : 1);
  for (const error of errors) {
    const kept = byPlace.get(error.instancePath);
    if (kept === undefined || rank(error) < rank(kept)) byPlace.set(error.instancePath, error);
  }
  return [...byPlace.values()];
}
