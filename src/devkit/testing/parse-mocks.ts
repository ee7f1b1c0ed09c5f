import type { ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { createAjv } from "../../core/manifest/create-ajv.js";
import type { StepMock } from "../../core/manifest/manifest.js";
import { MANIFEST_SCHEMA_URL } from "../../core/manifest/validate-schema.js";

let checker: { readonly validate: ValidateFunction; readonly explain: () => string } | undefined;

/**
 * Reads the mocks of `simulate --mock FILE` (already parsed from YAML or JSON): a list of mocks,
 * or `{ mocks: [...] }` (a test's own field, pasted), each checked against the manifest schema's
 * `test_mock`. Returns the mocks, or why the file is not a list of mocks.
 */
export function parseMocks(value: unknown): { readonly mocks: readonly StepMock[] } | { readonly error: string } {
  const list =
    typeof value === "object" && value !== null && !Array.isArray(value) && "mocks" in value ? value.mocks : value;
  if (!Array.isArray(list)) return { error: "expected a list of mocks (or { mocks: [...] })" };
  const { validate, explain } = mockChecker();
  for (const [index, mock] of (list as unknown[]).entries()) {
    const mistake = whichMistake(mock);
    if (mistake !== undefined) return { error: `mock ${index + 1}: ${mistake}` };
    if (!validate(mock)) return { error: `mock ${index + 1}: ${explain()}` };
  }
  return { mocks: list as StepMock[] };
}

/** The mistakes the schema's `oneOf`s would word poorly: which step, and which answer. */
function whichMistake(mock: unknown): string | undefined {
  if (typeof mock !== "object" || mock === null || Array.isArray(mock)) return "expected an object";
  const count = (keys: readonly string[]): number => keys.filter((key) => key in mock).length;
  if (count(["step", "hook", "http"]) !== 1) return "give exactly one of step, hook or http (which steps it answers)";
  if (count(["returns", "error"]) !== 1) return "give exactly one of returns (the step's result) or error";
  return undefined;
}

/** The schema's `test_mock`, compiled once. */
function mockChecker(): { readonly validate: ValidateFunction; readonly explain: () => string } {
  if (checker !== undefined) return checker;
  const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_URL, "utf8")) as { $defs: Record<string, unknown> };
  const ajv = createAjv();
  const validate = ajv.compile({ $defs: schema.$defs, $ref: "#/$defs/test_mock" });
  checker = { validate, explain: () => ajv.errorsText(validate.errors, { dataVar: "mock" }) };
  return checker;
}
