import type { TemplateContext } from "./template-context.js";

// Names that lead to prototypes and constructors are never followed.
const FORBIDDEN: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
  "__defineGetter__",
  "__lookupGetter__",
]);

type Part = string | ((context: TemplateContext) => string);

/**
 * Most templates are text with plain value references: `Hello {{data.user.nickname}}!`. For
 * those, this builds a renderer that skips the Handlebars runtime (which sets up helpers and
 * prototype guards on every call) and gives the same output: own properties only, functions and
 * missing values render empty, HTML escaped with Handlebars' own `escape` when asked.
 * Returns undefined for anything else (helpers, blocks, `this`, `../`, `@data`), which Handlebars
 * renders.
 */
export function compileSimpleTemplate(
  program: hbs.AST.Program,
  options: { helpers: ReadonlySet<string>; escape?: (value: unknown) => string },
): ((context: TemplateContext) => string) | undefined {
  const parts: Part[] = [];
  for (const statement of program.body) {
    if (statement.type === "CommentStatement") continue;
    if (statement.type === "ContentStatement") {
      parts.push((statement as hbs.AST.ContentStatement).value);
      continue;
    }
    if (statement.type !== "MustacheStatement") return undefined;
    const reader = simpleReader(statement as hbs.AST.MustacheStatement, options);
    if (reader === undefined) return undefined;
    parts.push(reader);
  }
  return (context) => {
    let text = "";
    for (const part of parts) text += typeof part === "string" ? part : part(context);
    return text;
  };
}

function simpleReader(
  mustache: hbs.AST.MustacheStatement,
  options: { helpers: ReadonlySet<string>; escape?: (value: unknown) => string },
): ((context: TemplateContext) => string) | undefined {
  if (mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0) return undefined;
  if (mustache.path.type !== "PathExpression") return undefined;
  const path = mustache.path as hbs.AST.PathExpression;
  if (path.data || path.depth !== 0 || path.parts.length === 0 || /^(this|\.)/.test(path.original)) return undefined;
  // `{{name}}` alone could be a helper call.
  if (path.parts.length === 1 && options.helpers.has(path.parts[0] ?? "")) return undefined;
  const segments = [...path.parts];
  const escape = mustache.escaped ? options.escape : undefined;
  if (segments.some((segment) => FORBIDDEN.has(segment))) return () => "";
  return (context) => {
    let current: unknown = context;
    for (const segment of segments) {
      if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return "";
      current = (current as Readonly<Record<string, unknown>>)[segment];
    }
    if (current === undefined || current === null || typeof current === "function") return "";
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- "[object Object]", as Handlebars renders it
    return escape ? escape(current) : String(current);
  };
}
