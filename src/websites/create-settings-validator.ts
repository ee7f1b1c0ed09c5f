import { createAjv } from "../manifest/create-ajv.js";

/** The outcome of checking one website's settings. */
export type SettingsResult =
  | { readonly ok: true; readonly settings: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: string };

/**
 * Compiles the manifest's settings schema once; the returned function checks a website's
 * settings against it and applies its defaults (on a copy: the input is never changed).
 */
export function createSettingsValidator(
  schema: Readonly<Record<string, unknown>>,
): (settings: unknown) => SettingsResult {
  const ajv = createAjv({ useDefaults: true });
  const validate = ajv.compile(schema);
  return (settings) => {
    const copy: unknown = structuredClone(settings ?? {});
    if (validate(copy)) return { ok: true, settings: copy as Record<string, unknown> };
    return { ok: false, reason: ajv.errorsText(validate.errors, { dataVar: "settings" }) };
  };
}
