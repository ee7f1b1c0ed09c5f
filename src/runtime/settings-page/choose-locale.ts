import type { SettingsField } from "../../core/settings/settings-field.js";
import { UI_LANGUAGES } from "./ui-text.js";

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$/;

/**
 * The locale to show the page in: `?locale=` first (Crisp passes the operator's locale to its
 * iframes), then the browser's `Accept-Language` by preference, among the languages the page or the
 * schema's `x-labels` speak; `fr-CA` falls back to `fr`. English otherwise.
 */
export function chooseLocale(
  fields: readonly SettingsField[],
  requested: string | null | undefined,
  acceptLanguage: string | undefined,
): string {
  const available = new Set([...UI_LANGUAGES.keys(), ...schemaLocales(fields)]);
  for (const candidate of [requested ?? "", ...byPreference(acceptLanguage ?? "")]) {
    const tag = candidate.trim().toLowerCase();
    if (!LANGUAGE_TAG.test(tag)) continue;
    if (available.has(tag)) return tag;
    const base = tag.split("-")[0] ?? "";
    if (available.has(base)) return base;
  }
  return "en";
}

/** `fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5` as tags, most preferred first. */
function byPreference(header: string): string[] {
  return header
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

function schemaLocales(fields: readonly SettingsField[]): string[] {
  return fields.flatMap((field) => [
    ...field.labels.keys(),
    ...(field.control === "group" ? schemaLocales(field.fields) : []),
  ]);
}
