/**
 * The own property `name` of `value`, or undefined: never an inherited one, so that no path or
 * template reaches a prototype (`toString`, a polluted `Object.prototype`), and nothing for values
 * that are not objects or lists.
 */
export function readOwn(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, name)) return undefined;
  return (value as Readonly<Record<string, unknown>>)[name];
}
