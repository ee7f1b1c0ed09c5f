import type { CheckboxField, LocalLabels, SettingsField } from "./settings-field.js";

/** A part of the settings schema the form cannot draw; `validate` reports each as a warning. */
export interface UnsupportedSetting {
  /** Where, inside `settings:` (`["properties", "hours", "oneOf"]`). */
  readonly path: readonly (string | number)[];
  /** What cannot be drawn, as a phrase: `oneOf`, `a list of numbers`. */
  readonly what: string;
}

/** The fields of a settings schema, and what of it the form leaves out. */
export interface SettingsForm {
  readonly fields: readonly SettingsField[];
  readonly unsupported: readonly UnsupportedSetting[];
}

type Json = Readonly<Record<string, unknown>>;
type SchemaPath = readonly (string | number)[];

/** Keywords whose meaning a flat form cannot show: the property holding one is left out. */
const UNDRAWABLE = ["$ref", "oneOf", "anyOf", "allOf", "not", "if", "dependencies", "patternProperties"] as const;

/** Above this `maxLength`, a string is long text: a textarea. */
export const LONG_TEXT_LENGTH = 200;

/**
 * Reads the settings JSON Schema (draft-07) into form fields: strings (with `format` email, uri
 * or date, `enum` as a select, long text as a textarea), numbers and integers, booleans, lists of
 * strings, nested objects as groups. Anything else is listed in `unsupported`, never dropped
 * silently. Tolerates any input: `validate` runs it on schemas that may be wrong.
 */
export function buildSettingsForm(schema: unknown): SettingsForm {
  const unsupported: UnsupportedSetting[] = [];
  if (!isJson(schema)) return { fields: [], unsupported: [{ path: [], what: "a schema that is not a mapping" }] };
  if (schema.type !== undefined && schema.type !== "object") {
    return { fields: [], unsupported: [{ path: ["type"], what: `settings of type ${JSON.stringify(schema.type)}` }] };
  }
  return { fields: objectFields(schema, [], "", unsupported), unsupported };
}

function objectFields(
  schema: Json,
  at: SchemaPath,
  pointer: string,
  unsupported: UnsupportedSetting[],
): SettingsField[] {
  const keyword = UNDRAWABLE.find((name) => name in schema);
  if (keyword !== undefined) {
    unsupported.push({ path: [...at, keyword], what: `\`${keyword}\`` });
    if (at.length > 0) return [];
  }
  const properties = schema.properties;
  if (!isJson(properties)) return [];
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === "string") : [],
  );
  return Object.entries(properties).flatMap(([key, property]) => {
    const field = buildField(key, property, {
      at: [...at, "properties", key],
      pointer: `${pointer}/${escapePointer(key)}`,
      required: required.has(key),
      unsupported,
    });
    return field === null ? [] : [field];
  });
}

interface Place {
  readonly at: SchemaPath;
  readonly pointer: string;
  readonly required: boolean;
  readonly unsupported: UnsupportedSetting[];
}

function buildField(key: string, schema: unknown, place: Place): SettingsField | null {
  const skip = (what: string, path: SchemaPath = place.at): null => {
    place.unsupported.push({ path, what });
    return null;
  };
  if (!isJson(schema)) return skip("a property whose schema is not a mapping");
  const keyword = UNDRAWABLE.find((name) => name in schema);
  if (keyword !== undefined) return skip(`\`${keyword}\``, [...place.at, keyword]);
  const type = readType(schema.type);
  if (type === undefined) {
    return skip(schema.type === undefined ? "a property without `type`" : `type ${JSON.stringify(schema.type)}`);
  }
  const base = baseOf(key, schema, place, type.nullable);
  switch (type.name) {
    case "string":
      return stringField(schema, base) ?? skip("an `enum` that is not all strings", [...place.at, "enum"]);
    case "number":
    case "integer":
      return numberField(schema, base, type.name) ?? skip("an `enum` that is not all numbers", [...place.at, "enum"]);
    case "boolean":
      return { ...base, control: "checkbox" };
    case "array":
      return listField(schema.items, base) ?? skip(`a list of ${describeItems(schema.items)}`);
    case "object":
      if (!isJson(schema.properties)) return skip("an object without `properties`");
      return { ...base, control: "group", fields: objectFields(schema, place.at, place.pointer, place.unsupported) };
    default:
      return skip(`type ${JSON.stringify(schema.type)}`);
  }
}

type Base = Omit<CheckboxField, "control">;

function baseOf(key: string, schema: Json, place: Place, nullable: boolean): Base {
  return {
    key,
    pointer: place.pointer,
    ...(typeof schema.title === "string" ? { title: schema.title } : {}),
    ...(typeof schema.description === "string" ? { description: schema.description } : {}),
    labels: readLabels(schema["x-labels"]),
    optionLabels: readStrings(schema["x-option-labels"]),
    required: place.required,
    nullable,
    ...(schema["x-secret"] === true ? { secret: true } : {}),
    ...("default" in schema ? { default: schema.default } : {}),
  };
}

function stringField(schema: Json, base: Base): SettingsField | undefined {
  if (Array.isArray(schema.enum)) {
    const options = schema.enum.filter((value) => value !== null);
    if (!options.every((value) => typeof value === "string")) return undefined;
    return { ...base, control: "select", options };
  }
  const maxLength = typeof schema.maxLength === "number" ? { maxLength: schema.maxLength } : {};
  if (schema["x-widget"] === "textarea" || (maxLength.maxLength ?? 0) > LONG_TEXT_LENGTH) {
    return { ...base, control: "textarea", ...maxLength };
  }
  const control =
    schema.format === "email"
      ? "email"
      : isUrlFormat(schema.format)
        ? "url"
        : schema.format === "date"
          ? "date"
          : "text";
  return { ...base, control, ...maxLength };
}

function numberField(schema: Json, base: Base, type: "number" | "integer"): SettingsField | undefined {
  if (Array.isArray(schema.enum)) {
    const options = schema.enum.filter((value) => value !== null);
    if (!options.every((value) => typeof value === "number")) return undefined;
    return { ...base, control: "select", options };
  }
  const step = typeof schema.multipleOf === "number" ? String(schema.multipleOf) : type === "integer" ? "1" : "any";
  return {
    ...base,
    control: "number",
    integer: type === "integer",
    ...(typeof schema.minimum === "number" ? { minimum: schema.minimum } : {}),
    ...(typeof schema.maximum === "number" ? { maximum: schema.maximum } : {}),
    step,
  };
}

function listField(items: unknown, base: Base): SettingsField | undefined {
  if (!isJson(items) || items.type !== "string" || UNDRAWABLE.some((name) => name in items)) return undefined;
  if (!Array.isArray(items.enum)) return { ...base, control: "lines" };
  const options = items.enum;
  if (!options.every((value) => typeof value === "string")) return undefined;
  return { ...base, control: "choices", options };
}

/** `"string"`, or `["string", "null"]` (nullable, as in Crisp's examples); anything else is not drawn. */
function readType(type: unknown): { name: string; nullable: boolean } | undefined {
  if (typeof type === "string") return type === "null" ? undefined : { name: type, nullable: false };
  if (!Array.isArray(type)) return undefined;
  const named = type.filter((name) => name !== "null");
  if (named.length !== 1 || typeof named[0] !== "string") return undefined;
  return { name: named[0], nullable: named.length !== type.length };
}

function readLabels(value: unknown): ReadonlyMap<string, LocalLabels> {
  const labels = new Map<string, LocalLabels>();
  if (!isJson(value)) return labels;
  for (const [locale, entry] of Object.entries(value)) {
    if (!isJson(entry)) continue;
    const options = isJson(entry.options) ? readStrings(entry.options) : undefined;
    labels.set(locale.toLowerCase(), {
      ...(typeof entry.title === "string" ? { title: entry.title } : {}),
      ...(typeof entry.description === "string" ? { description: entry.description } : {}),
      ...(options === undefined ? {} : { options }),
    });
  }
  return labels;
}

/** What a list holds, for a warning: `numbers`, `objects`, `mixed items`. */
function describeItems(items: unknown): string {
  if (!isJson(items)) return "mixed items";
  if (typeof items.type !== "string") return "items without one `type`";
  if (items.type === "string") return "strings with `enum` values that are not all strings, or a combining keyword";
  return `${items.type}s`;
}

/** The string values of a mapping, by key. */
function readStrings(value: unknown): ReadonlyMap<string, string> {
  if (!isJson(value)) return new Map();
  return new Map(Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === "string"));
}

function isUrlFormat(format: unknown): boolean {
  return format === "uri" || format === "url" || format === "iri";
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A property name as a JSON Pointer segment. */
function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}
