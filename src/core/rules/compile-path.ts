import { BoundedMemo } from "../cache/bounded-memo.js";
import { CONTEXT_FIELDS, readContextField } from "../templates/read-context-field.js";
import { readOwn } from "../templates/read-own.js";
import type { TemplateContext } from "../templates/template-context.js";
import { invalidCondition } from "./invalid-condition.js";

// Names that lead to prototypes and constructors: never followed, even when data has such an own
// key (JSON.parse makes `"__proto__"` an own key), so no path can reach outside the data.
const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** A compiled dotted path: `read` gives its value in a context. */
export interface PathReader {
  read(context: TemplateContext): unknown;
}

/**
 * Compiles a dotted path (`data.content`, `data.segments.0`, `steps.lookup.items.length`) into a
 * reader of the context. It follows own properties only, of objects and lists (a number segment
 * indexes a list); anything else (a missing key, a string, a forbidden name) reads as undefined.
 * The path is split once, here.
 */
export function compilePath(path: string, at: string): PathReader {
  return PATHS.get(path, () => createReader(path, at));
}

/**
 * A manifest tests the same few paths in many rules (`data.type`, `data.content`): one reader
 * each keeps what the rules of an event read small.
 */
const PATHS = new BoundedMemo<PathReader>(10_000);

function createReader(path: string, at: string): PathReader {
  const segments = path.split(".");
  const [root] = segments;
  const field = CONTEXT_FIELDS.indexOf(root as keyof TemplateContext);
  if (field < 0 || segments.includes("")) {
    throw invalidCondition(at, `path "${path}" must start with ${CONTEXT_FIELDS.join(", ")} and have no empty segment`);
  }
  if (segments.some((segment) => FORBIDDEN.has(segment))) return NOTHING;
  return new Path(field, segments.slice(1));
}

const NOTHING: PathReader = { read: () => undefined };

// One class for every path, so that reading runs the same code whatever the path: no closure
// per path, and the context's fields are read by name.
class Path implements PathReader {
  constructor(
    private readonly field: number,
    private readonly rest: readonly string[],
  ) {}

  read(context: TemplateContext): unknown {
    // The root is one of the context's own fields, so it needs no own-property check; the rest
    // comes from event data and settings, and does.
    let current = readContextField(context, this.field);
    const { rest } = this;
    for (let index = 0; index < rest.length; index++) current = readOwn(current, rest[index] as string);
    return current;
  }
}
