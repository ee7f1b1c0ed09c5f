import type { ErrorObject } from "ajv";
import { BoundedMemo } from "../../core/cache/bounded-memo.js";
import { createAjv } from "../../core/manifest/create-ajv.js";

/** One reason settings fail the schema, at the value it concerns. */
export interface SettingsIssue {
  /**
   * JSON Pointer of the value (`/hours/opens`); for a missing required property, the pointer the
   * property would have.
   */
  readonly pointer: string;
  /** The JSON Schema keyword that failed (`required`, `minLength`, `format`...). */
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** ajv's message (`must NOT have fewer than 1 characters`). */
  readonly message: string;
}

/** The outcome of checking one website's settings. */
export type SettingsResult =
  | { readonly ok: true; readonly settings: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: string; readonly issues?: readonly SettingsIssue[] };

type SettingsValidator = (settings: unknown) => SettingsResult;

/**
 * Validators of the schemas compiled lately, by the schema's JSON: a hot reload that leaves the
 * settings schema as it was (most do) reuses its validator instead of compiling it again.
 */
const recentValidators = new BoundedMemo<SettingsValidator>(16);

/**
 * Compiles the manifest's settings schema once; the returned function checks a website's
 * settings against it and applies its defaults (on a copy: the input is never changed).
 */
export function createSettingsValidator(schema: Readonly<Record<string, unknown>>): SettingsValidator {
  return recentValidators.get(JSON.stringify(schema), () => compileValidator(schema));
}

function compileValidator(schema: Readonly<Record<string, unknown>>): SettingsValidator {
  const ajv = createAjv({ useDefaults: true });
  const validate = ajv.compile(schema);
  return (settings) => {
    const copy: unknown = structuredClone(settings ?? {});
    if (validate(copy)) return { ok: true, settings: copy as Record<string, unknown> };
    return {
      ok: false,
      reason: ajv.errorsText(validate.errors, { dataVar: "settings" }),
      issues: (validate.errors ?? []).map(toIssue),
    };
  };
}

function toIssue(error: ErrorObject): SettingsIssue {
  const missing: unknown = error.keyword === "required" ? error.params.missingProperty : undefined;
  const pointer =
    typeof missing === "string"
      ? `${error.instancePath}/${missing.replaceAll("~", "~0").replaceAll("/", "~1")}`
      : error.instancePath;
  return { pointer, keyword: error.keyword, params: error.params, message: error.message ?? error.keyword };
}
