import type { ErrorObject } from "ajv";

/** An ajv error, possibly with what it was merged with, for the message. */
export type CondensedError = ErrorObject & {
  /** Required fields of the same mapping that an unknown field probably misspells. */
  readonly missingNearby?: readonly string[];
  /** For a key left empty: the unknown sibling that was probably meant to be indented under it. */
  readonly dedentedSibling?: string;
};

/**
 * One error per mistake. ajv reports a misspelt field twice (the unknown name, and the required
 * name it stands for) and a key left empty because the next line was not indented under it twice
 * too (an empty value, and an unknown sibling); such pairs become one error. Identical errors
 * (the same branch of a `oneOf` tried twice) are kept once.
 */
export function condenseAjvErrors(errors: readonly ErrorObject[]): CondensedError[] {
  const unknownAt = groupBy(
    errors.filter((error) => error.keyword === "additionalProperties"),
    (error) => error.instancePath,
  );
  const missingAt = groupBy(
    errors.filter((error) => error.keyword === "required"),
    (error) => error.instancePath,
  );
  const dropped = new Set<string>();
  for (const error of errors) {
    const sibling = error.keyword === "type" && error.data === null ? dedentedSibling(error, unknownAt) : undefined;
    if (sibling !== undefined) dropped.add(`${sibling.instancePath}/${fieldOf(sibling)}`);
  }
  const condensed: CondensedError[] = [];
  for (const error of errors) {
    if (error.keyword === "additionalProperties" && dropped.has(`${error.instancePath}/${fieldOf(error)}`)) continue;
    if (error.keyword === "required" && unknownAt.has(error.instancePath)) continue;
    if (error.keyword === "additionalProperties") {
      const missing = (missingAt.get(error.instancePath) ?? []).map((item) => missingName(item));
      condensed.push(missing.length > 0 ? { ...error, missingNearby: missing } : error);
      continue;
    }
    const sibling = error.keyword === "type" && error.data === null ? dedentedSibling(error, unknownAt) : undefined;
    if (sibling !== undefined) {
      condensed.push({ ...error, dedentedSibling: fieldOf(sibling) });
      continue;
    }
    condensed.push(error);
  }
  const seen = new Set<string>();
  return condensed.filter((error) => {
    const key = `${error.keyword} ${error.instancePath} ${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The unknown field next to an empty key (`not:` with `time:` below it at the same indentation). */
function dedentedSibling(error: ErrorObject, unknownAt: ReadonlyMap<string, ErrorObject[]>): ErrorObject | undefined {
  const parent = error.instancePath.slice(0, error.instancePath.lastIndexOf("/"));
  if (parent === error.instancePath) return undefined;
  return unknownAt.get(parent)?.[0];
}

function fieldOf(error: ErrorObject): string {
  return String((error.params as { additionalProperty?: unknown }).additionalProperty);
}

function missingName(error: ErrorObject): string {
  return String((error.params as { missingProperty?: unknown }).missingProperty);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
