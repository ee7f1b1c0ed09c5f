import { Ajv, type Options } from "ajv";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import addFormats from "ajv-formats";
import { compileLinearRegex } from "../rules/compile-linear-regex.js";

/**
 * ajv's `pattern` and `patternProperties` run on RE2 (linear time) instead of `new RegExp`: the
 * settings schema and hook parameter schemas are written by plugin authors and matched against
 * what visitors and website owners type, so one pattern such as `^(a+)+$` must not freeze the
 * process. A pattern RE2 cannot run throws when the schema compiles, with the reason.
 */
const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => compileLinearRegex(pattern, flags),
  { code: "compileLinearRegex" },
);

/**
 * The one way this project builds an ajv instance (draft-07, every error at once, formats such as
 * `uri` and `email`), so the manifest, the settings schema, website settings and hook parameters
 * are checked alike. Patterns run in linear time; only the kit's own manifest schema, whose
 * patterns are ours and fixed (one uses a look-ahead), passes `patterns: "native"`.
 */
export function createAjv(options: Options = {}, patterns: "linear" | "native" = "linear"): Ajv {
  const code = patterns === "linear" ? { regExp: linearRegExp } : {};
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, ...options, code });
  addFormats.default(ajv);
  return ajv;
}
