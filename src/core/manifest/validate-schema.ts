import type { ErrorObject, ValidateFunction } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { readFileSync } from "node:fs";
import { condenseAjvErrors, type CondensedError } from "./condense-ajv-errors.js";
import { createAjv } from "./create-ajv.js";
import type { DataPath, ManifestSource } from "./manifest-source.js";
import { createProblem, type Problem } from "./problem.js";
import type { ProblemCode } from "./problem-codes.js";

/** Location of the manifest JSON Schema, the one source of truth for the manifest's shape. */
export const MANIFEST_SCHEMA_URL = new URL("../../../schema/plugin.schema.json", import.meta.url);

let validator: ValidateFunction | undefined;

function manifestValidator(): ValidateFunction {
  validator ??= createAjv({ useDefaults: true }, "native").compile(
    JSON.parse(readFileSync(MANIFEST_SCHEMA_URL, "utf8")) as object,
  );
  return validator;
}

/** Checks the manifest data against schema/plugin.schema.json; one problem per real mistake. */
export function validateSchema(source: ManifestSource, data: unknown): Problem[] {
  const validate = manifestValidator();
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== "if");
  return condenseAjvErrors(errors).map((error) => toProblem(source, error));
}

/** Maps ajv errors of a schema nested in the manifest (at `base`) to problems with `code`. */
export function mapAjvErrors(
  source: ManifestSource,
  base: DataPath,
  errors: readonly ErrorObject[],
  code: ProblemCode,
  describe: (error: ErrorObject) => string = (error) => error.message ?? error.keyword,
): Problem[] {
  return errors.map((error) => {
    const path = [...base, ...pointerToPath(error.instancePath)];
    return createProblem(source.file, source.locate(path), code, `${formatPath(path)} ${describe(error)}`);
  });
}

function toProblem(source: ManifestSource, error: CondensedError): Problem {
  const path = pointerToPath(error.instancePath);
  const where = formatPath(path);
  const params = error.params as Record<string, unknown>;
  const problem = (code: ProblemCode, message: string, at: DataPath = path, key = false): Problem =>
    createProblem(source.file, source.locate(at, { key }), code, message);
  switch (error.keyword) {
    case "required": {
      const field = String(params.missingProperty);
      return problem("MISSING_FIELD", `${formatPath([...path, field])} is required`, path, true);
    }
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const missing = error.missingNearby ?? [];
      const hint = suggest(field, missing) || suggest(field, known);
      const required =
        missing.length > 0 && hint === ""
          ? `; ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required`
          : "";
      return problem(
        "UNKNOWN_FIELD",
        `${formatPath([...path, field])} is not a known field${hint}${required}`,
        [...path, field],
        true,
      );
    }
    case "type":
      if (error.dedentedSibling !== undefined) {
        return problem(
          "WRONG_TYPE",
          `${where} is empty, and \`${error.dedentedSibling}:\` below it is read as its sibling: indent \`${error.dedentedSibling}:\` under \`${String(path.at(-1))}:\``,
          path,
          true,
        );
      }
      return problem(
        "WRONG_TYPE",
        `${where} must be ${article(String(params.type))}, not ${describeValue(error.data)}`,
      );
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const list = allowed.length <= 8 ? ` (one of: ${allowed.join(", ")})` : suggest(String(error.data), allowed);
      return problem("INVALID_VALUE", `${where} ${JSON.stringify(error.data)} is not allowed${list}`);
    }
    case "const":
      return problem("INVALID_VALUE", `${where} must be ${JSON.stringify(params.allowedValue)}`);
    case "minProperties":
      if (error.schemaPath.includes("value_condition")) {
        return problem(
          "MISSING_FIELD",
          `${where} needs an operator: equals, not_equals, in, contains, matches, starts_with, exists, gt, gte, lt or lte`,
        );
      }
      return problem("MISSING_FIELD", `${where} ${error.message ?? "needs more fields"}`);
    case "maxProperties":
      if (error.schemaPath.includes("value_condition")) {
        return problem("INVALID_VALUE", `${where} has more than one operator; combine tests with \`all:\``);
      }
      return problem("INVALID_VALUE", `${where} ${error.message ?? "has too many fields"}`);
    case "pattern":
      return problem(
        "INVALID_VALUE",
        `${where} ${JSON.stringify(error.data)} does not have the expected form ${describePattern(error)}`,
      );
    case "false schema":
      // Fields that only apply to another kind of widget item (a `url` on a data item, say).
      return problem("UNKNOWN_FIELD", `${where} does not apply to this kind of item`, path, true);
    default:
      return problem("INVALID_VALUE", `${where} ${error.message ?? error.keyword}`);
  }
}

/** Describes the expected form of a pattern error, by the field it concerns. */
function describePattern(error: ErrorObject): string {
  const field = error.instancePath.split("/").at(-1) ?? "";
  if (field === "urn") return "(urn:<account>:<name>:<version>, such as urn:acme:auto-responder:0)";
  if (field === "id") return "(letters, digits, _ and -; a step id starts with a letter or _)";
  if (field === "for") return "(a duration such as 30s, 5m, 2h or 1d)";
  if (field === "flags") return "(any of i, m, s and u, in lower case)";
  if (field === "path") return "(a dotted path starting with event, data, website, settings, plugin, steps or now)";
  return `(${String((error.params as { pattern?: string }).pattern)})`;
}

/** `" (did you mean "x"?)"` when a close candidate exists, else an empty string. */
export function suggest(input: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return "";
  const best = closest(input, [...candidates]);
  const tolerance = Math.max(2, Math.floor(input.length / 3));
  return distance(input, best) <= tolerance ? ` (did you mean "${best}"?)` : "";
}

/** JSON pointer (`/rules/0/on`) to path segments (`["rules", 0, "on"]`). */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

/** Path segments as people read them: `rules[0].do[1].with`. */
export function formatPath(path: DataPath): string {
  if (path.length === 0) return "the manifest";
  return path
    .map((segment, index) => (typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join("");
}

function article(type: string): string {
  const names = type.split(",");
  const withArticle = names.map((name) =>
    name === "array" ? "a list" : name === "object" ? "a mapping" : `a ${name}`,
  );
  return withArticle.join(" or ");
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}
