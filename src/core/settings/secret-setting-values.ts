/** The names of the top-level settings marked `x-secret: true`, by schema (computed once per schema). */
const namesBySchema = new WeakMap<object, readonly string[]>();

/**
 * The values of a website's settings that the settings schema marks `x-secret: true` (top-level
 * fields), as text: what must be masked wherever the kit prints something a step rendered. Empty
 * when the schema marks none, at the cost of one map lookup.
 */
export function secretSettingValues(schema: unknown, settings: unknown): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  let names = namesBySchema.get(schema);
  if (names === undefined) {
    const properties = (schema as { properties?: unknown }).properties;
    names =
      typeof properties === "object" && properties !== null
        ? Object.entries(properties).flatMap(([name, field]) =>
            (field as Record<string, unknown> | null)?.["x-secret"] === true ? [name] : [],
          )
        : [];
    namesBySchema.set(schema, names);
  }
  if (names.length === 0 || typeof settings !== "object" || settings === null) return [];
  return names.flatMap((name) => {
    const value = Object.hasOwn(settings, name) ? (settings as Record<string, unknown>)[name] : undefined;
    return typeof value === "string" || typeof value === "number" ? [String(value)] : [];
  });
}
