import type { FormValues } from "./form-values.js";
import type { SettingsField } from "../../core/settings/settings-field.js";

/** What the form shows again after a refused save: exactly what was submitted, typos included. */
export function formValuesFromParams(fields: readonly SettingsField[], params: URLSearchParams): FormValues {
  const values = new Map<string, string | boolean | readonly string[]>();
  const collect = (list: readonly SettingsField[]): void => {
    for (const field of list) {
      if (field.control === "group") collect(field.fields);
      else if (field.control === "checkbox") values.set(field.pointer, params.getAll(field.pointer).includes("true"));
      else if (field.control === "choices") values.set(field.pointer, params.getAll(field.pointer));
      else values.set(field.pointer, params.get(field.pointer) ?? "");
    }
  };
  collect(fields);
  return values;
}
