import type { SettingsField } from "../../core/settings/settings-field.js";

/** Why a submitted value could not even be typed (before the schema is checked). */
export type FieldProblem = "not-a-number" | "not-an-option";

/** Settings read from a submitted form, and the fields whose text could not be typed. */
export interface ParsedSettings {
  readonly settings: Record<string, unknown>;
  /** By field pointer. */
  readonly problems: ReadonlyMap<string, FieldProblem>;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Turns an urlencoded settings form into typed settings, starting from the website's `current`
 * settings so that values the form does not draw are kept. An empty field is left out (so the
 * schema's default applies), or `null` when its type allows null; an unchecked box, which browsers
 * do not send, is `false`; a list is one entry per non-blank line. A secret field (`x-secret`) left
 * empty keeps its saved value: the page never shows it, so empty means "unchanged".
 */
export function parseSettingsForm(
  fields: readonly SettingsField[],
  params: URLSearchParams,
  current: Readonly<Record<string, unknown>>,
): ParsedSettings {
  const settings = structuredClone(current) as Record<string, unknown>;
  const problems = new Map<string, FieldProblem>();
  applyFields(fields, settings, params, problems);
  return { settings, problems };
}

function applyFields(
  fields: readonly SettingsField[],
  target: Record<string, unknown>,
  params: URLSearchParams,
  problems: Map<string, FieldProblem>,
): void {
  for (const field of fields) {
    const existing = Object.hasOwn(target, field.key) ? target[field.key] : undefined;
    if (field.control === "group") {
      const isObject = typeof existing === "object" && existing !== null && !Array.isArray(existing);
      const child = isObject ? (existing as Record<string, unknown>) : {};
      applyFields(field.fields, child, params, problems);
      const empty = Object.keys(child).length === 0 && !field.required && !isObject;
      if (empty) Reflect.deleteProperty(target, field.key);
      else setOwn(target, field.key, child);
      continue;
    }
    if (field.secret === true && (params.get(field.pointer) ?? "") === "" && existing !== undefined) continue;
    const value = readValue(field, params, problems);
    if (value === undefined) Reflect.deleteProperty(target, field.key);
    else setOwn(target, field.key, value);
  }
}

function readValue(
  field: Exclude<SettingsField, { control: "group" }>,
  params: URLSearchParams,
  problems: Map<string, FieldProblem>,
): unknown {
  const raw = params.get(field.pointer) ?? "";
  const empty = field.nullable ? null : undefined;
  switch (field.control) {
    case "checkbox":
      return params.getAll(field.pointer).includes("true");
    case "lines":
      return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "");
    case "choices": {
      const chosen = new Set(params.getAll(field.pointer));
      return field.options.filter((option) => chosen.has(option));
    }
    case "select": {
      if (raw === "") return empty;
      const option = field.options.find((candidate) => String(candidate) === raw);
      if (option === undefined) problems.set(field.pointer, "not-an-option");
      return option;
    }
    case "number": {
      const text = raw.trim();
      if (text === "") return empty;
      if (!NUMBER.test(text)) {
        problems.set(field.pointer, "not-a-number");
        return undefined;
      }
      return Number(text);
    }
    case "textarea":
      return raw === "" ? empty : raw.replaceAll("\r\n", "\n");
    case "text":
      return raw === "" ? empty : raw;
    default: {
      const text = raw.trim();
      return text === "" ? empty : text;
    }
  }
}

/** Sets an own property, even one named `__proto__`, without touching any prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
