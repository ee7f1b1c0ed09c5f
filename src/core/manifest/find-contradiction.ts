import type { DataPath } from "./manifest-source.js";
import type { ConditionSpec, ValueConditionSpec } from "./manifest.js";

/** Two conditions of one rule that cannot both hold, and where the second one is. */
export interface Contradiction {
  /** Path of the second condition, under the rule's `if`. */
  readonly path: DataPath;
  readonly reason: string;
}

/**
 * The first pair of conditions that all must hold (the `if:` list, or an `all:`) yet cannot both
 * hold: `equals: a` and `equals: b` on one path, `equals: a` with `not_equals: a`, or `equals: a`
 * with an `in:` list without `a`. Templates are not compared; they may render anything.
 */
export function findContradiction(
  condition: ConditionSpec | readonly ConditionSpec[] | undefined,
  base: DataPath = [],
): Contradiction | undefined {
  if (condition === undefined) return undefined;
  const list: readonly ConditionSpec[] = Array.isArray(condition) ? condition : [condition as ConditionSpec];
  const inList = Array.isArray(condition);
  const leaves: { leaf: ValueConditionSpec; path: DataPath }[] = [];
  for (const [index, item] of list.entries()) {
    const at = inList ? [...base, index] : base;
    if ("all" in item) {
      const inner = findContradiction(item.all, [...at, "all"]);
      if (inner !== undefined) return inner;
      continue;
    }
    if (!("path" in item)) continue;
    for (const earlier of leaves) {
      if (earlier.leaf.path !== item.path) continue;
      const reason = conflict(earlier.leaf, item);
      if (reason !== undefined) return { path: at, reason: `${item.path} ${reason}` };
    }
    leaves.push({ leaf: item, path: at });
  }
  return undefined;
}

function conflict(a: ValueConditionSpec, b: ValueConditionSpec): string | undefined {
  const constant = (value: unknown): boolean =>
    value !== undefined && !(typeof value === "string" && value.includes("{{"));
  const show = JSON.stringify;
  if (constant(a.equals) && constant(b.equals) && a.equals !== b.equals) {
    return `cannot equal both ${show(a.equals)} and ${show(b.equals)}`;
  }
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    if (constant(x.equals) && constant(y.not_equals) && x.equals === y.not_equals) {
      return `cannot both equal and not equal ${show(x.equals)}`;
    }
    if (
      constant(x.equals) &&
      Array.isArray(y.in) &&
      !y.in.some((item) => !constant(item)) &&
      !y.in.includes(x.equals)
    ) {
      return `cannot equal ${show(x.equals)} and be one of ${show(y.in)}`;
    }
  }
  return undefined;
}
