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
  return (context) => {
    let current: unknown = context;
    for (const segment of segments) {
      if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Readonly<Record<string, unknown>>)[segment];
    }
    return current;
  };
}
