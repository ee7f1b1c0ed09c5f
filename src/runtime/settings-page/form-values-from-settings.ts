import type { FormValues } from "./form-values.js";
import type { SettingsField } from "../../core/settings/settings-field.js";

/**
 * What the form shows for saved settings; a field the settings leave unset shows its schema default.
 * A secret field (`x-secret`) shows nothing: its value never goes back to a browser.
 */
export function formValuesFromSettings(fields: readonly SettingsField[], settings: unknown): FormValues {
  const values = new Map<string, string | boolean | readonly string[]>();
  collect(fields, settings, values);
  return values;
}

function collect(
  fields: readonly SettingsField[],
  settings: unknown,
  values: Map<string, string | boolean | readonly string[]>,
): void {
  const object = typeof settings === "object" && settings !== null && !Array.isArray(settings) ? settings : {};
  for (const field of fields) {
    const value = Object.hasOwn(object, field.key) ? (object as Record<string, unknown>)[field.key] : field.default;
    switch (field.control) {
      case "group":
        collect(field.fields, value, values);
        break;
      case "checkbox":
        values.set(field.pointer, value === true);
        break;
      case "lines":
        values.set(field.pointer, Array.isArray(value) ? value.map(String).join("\n") : "");
        break;
      case "choices":
        values.set(field.pointer, Array.isArray(value) ? value.map(String) : []);
        break;
      default:
        values.set(field.pointer, field.secret === true ? "" : asText(value));
    }
  }
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === undefined || value === null ? "" : JSON.stringify(value);
}
