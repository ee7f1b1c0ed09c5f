import type { DataShape } from "./data-shape.js";

/** Why a path does not lead anywhere: the segment that fails, and what was there instead. */
export interface PathMiss {
  /** Index (in the segments given) of the first segment that is not there. */
  readonly at: number;
  /** The fields known where it failed, to suggest the closest. */
  readonly known: readonly string[];
  /** What the value before it is: a mapping with other fields, a list, or a plain value. */
  readonly kind: "mapping" | "list" | "value";
}

/**
 * Follows `segments` into `shape` the way a template reads them: a field of a mapping, a number
 * or `length` on a list, `length` or an index on text. Anything is accepted below an open shape.
 * Returns undefined when the path is possible, else where and why it is not.
 */
export function resolveDataPath(shape: DataShape, segments: readonly string[]): PathMiss | undefined {
  let current = shape;
  for (const [at, segment] of segments.entries()) {
    const field = current.fields?.[segment];
    if (field !== undefined && Object.hasOwn(current.fields ?? {}, segment)) {
      current = field;
      continue;
    }
    if (current.open === true) return undefined;
    if (current.items !== undefined) {
      if (segment === "length") return undefined;
      if (/^\d+$/.test(segment)) {
        current = current.items;
        continue;
      }
      return { at, known: ["length"], kind: "list" };
    }
    if (current.fields !== undefined) return { at, known: Object.keys(current.fields), kind: "mapping" };
    // A plain value: text has a length and characters; nothing else has fields.
    if (segment === "length" || /^\d+$/.test(segment)) return undefined;
    return { at, known: [], kind: "value" };
  }
  return undefined;
}
