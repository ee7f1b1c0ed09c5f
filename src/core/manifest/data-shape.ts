/**
 * What a template or condition may read under a root (`data`, `settings`, `steps.<id>`): a
 * mapping of known fields (`fields`), a free-form mapping or value whose inside is not known
 * (`open`), a list (`items`), or a plain value (none of these).
 */
export interface DataShape {
  /** Known fields of a mapping. With `open`, other fields may exist too. */
  readonly fields?: Readonly<Record<string, DataShape>>;
  /** Anything may be below: a free-form mapping (`data.data`), a hook without a declared result. */
  readonly open?: true;
  /** A list, and what its items are. */
  readonly items?: DataShape;
}

/** A shape whose inside is not known: every path under it is accepted. */
export const OPEN_SHAPE: DataShape = Object.freeze({ open: true });

/**
 * The shape a JSON Schema describes (the settings schema, an action's result schema, a hook's
 * `returns`). Properties become fields; `additionalProperties` other than `false` on a schema
 * with properties leaves it closed as well, since JSON Schema's default allows extra properties
 * that nobody described: a path into them would be a typo more often than not. A schema that
 * says nothing of its type or properties is open.
 */
export function shapeOfSchema(schema: unknown, depth = 0): DataShape {
  if (typeof schema !== "object" || schema === null || depth > 12) return OPEN_SHAPE;
  const node = schema as Record<string, unknown>;
  const variants = [node.anyOf, node.oneOf, node.allOf].find(Array.isArray) as unknown[] | undefined;
  if (variants !== undefined) return mergeShapes(variants.map((variant) => shapeOfSchema(variant, depth + 1)));
  const type = node.type;
  const types = Array.isArray(type) ? (type as unknown[]) : [type];
  if (types.includes("array")) return { items: shapeOfSchema(node.items, depth + 1) };
  const properties = node.properties;
  if (typeof properties === "object" && properties !== null) {
    const fields = Object.fromEntries(
      Object.entries(properties).map(([name, value]) => [name, shapeOfSchema(value, depth + 1)]),
    );
    const extra = node.additionalProperties;
    const open = extra === true || (typeof extra === "object" && extra !== null);
    return open ? { fields, open: true } : { fields };
  }
  if (types.includes("object") || type === undefined) return OPEN_SHAPE;
  return {};
}

/** The shape of a value that may have any of several shapes: every field of each is allowed. */
export function mergeShapes(shapes: readonly DataShape[]): DataShape {
  if (shapes.some((shape) => shape.open === true && shape.fields === undefined)) return OPEN_SHAPE;
  const fields: Record<string, DataShape[]> = {};
  let items: DataShape[] | undefined;
  let open = false;
  for (const shape of shapes) {
    if (shape.open) open = true;
    for (const [name, field] of Object.entries(shape.fields ?? {})) (fields[name] ??= []).push(field);
    if (shape.items) (items ??= []).push(shape.items);
  }
  const merged: { fields?: Record<string, DataShape>; open?: true; items?: DataShape } = {};
  if (Object.keys(fields).length > 0) {
    merged.fields = Object.fromEntries(Object.entries(fields).map(([name, list]) => [name, mergeShapes(list)]));
  }
  if (open) merged.open = true;
  if (items) merged.items = mergeShapes(items);
  return merged;
}
