import { buildSettingsForm } from "../settings/build-settings-form.js";
import { problemAt, type CheckContext } from "./check-context.js";
import { createAjv } from "./create-ajv.js";
import type { Problem } from "./problem.js";
import { isPlain } from "./walk-rules.js";

/**
 * Warns about each part of a valid `settings:` schema that the generated settings page cannot
 * draw (`oneOf`, a list of numbers...), so that it is not left out of the form unnoticed. An
 * invalid schema is `checkSettingsSchema`'s to report.
 */
export function checkSettingsForm(context: CheckContext): Problem[] {
  const { settings } = context.data;
  if (!isPlain(settings) || !createAjv().validateSchema(settings)) return [];
  return buildSettingsForm(settings).unsupported.map((part) =>
    problemAt(
      context,
      ["settings", ...part.path],
      "SETTINGS_FORM_UNSUPPORTED",
      `${["settings", ...part.path].join(".")}: the settings page cannot draw ${part.what}; it is left out of the form`,
      { key: true },
    ),
  );
}
