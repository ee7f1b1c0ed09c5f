import type { TemplateContext } from "../templates/template-context.js";
import { invalidCondition } from "./invalid-condition.js";

const ROOTS: ReadonlySet<string> = new Set(["event", "data", "website", "settings", "plugin", "steps", "now"]);

// Names that lead to prototypes and constructors: never followed, even when data has such an own
// key (JSON.parse makes `"__proto__"` an own key), so no path can reach outside the data.
const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Compiles a dotted path (`data.content`, `data.segments.0`, `steps.lookup.items.length`) into a
 * reader of the context. It follows own properties only, of objects and lists (a number segment
 * indexes a list); anything else (a missing key, a string, a forbidden name) reads as undefined.
 * The path is split once, here.
 */
export function compilePath(path: string, at: string): (context: TemplateContext) => unknown {
  const segments = path.split(".");
  const [root] = segments;
  if (root === undefined || !ROOTS.has(root) || segments.includes("")) {
    throw invalidCondition(at, `path "${path}" must start with ${[...ROOTS].join(", ")} and have no empty segment`);
  }
  if (segments.some((segment) => FORBIDDEN.has(segment))) return () => undefined;
  // The root is one of the context's own fields, so it needs no own-property check; the rest
  // comes from event data and settings, and does. Two and three segments (`data.type`,
  // `data.user.nickname`) are most paths, and get a reader without a loop.
  const rootName = root as keyof TemplateContext;
  const rest = segments.slice(1);
  const [first, second] = rest;
  if (rest.length === 1 && first !== undefined) return (context) => own(context[rootName], first);
  if (rest.length === 2 && first !== undefined && second !== undefined) {
    return (context) => own(own(context[rootName], first), second);
  }
  return (context) => {
    let current: unknown = context[rootName];
    for (const segment of rest) current = own(current, segment);
    return current;
  };
}

/** The own property `name` of `value`, or undefined (never an inherited one). */
function own(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, name)) return undefined;
  return (value as Readonly<Record<string, unknown>>)[name];
}
