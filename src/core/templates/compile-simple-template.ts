import { CONTEXT_FIELDS, readContextField } from "./read-context-field.js";
import { readOwn } from "./read-own.js";
import type { TemplateContext } from "./template-context.js";

// Names that lead to prototypes and constructors are never followed.
const FORBIDDEN: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
  "__defineGetter__",
  "__lookupGetter__",
]);

interface Options {
  readonly helpers: ReadonlySet<string>;
  readonly escape?: (value: unknown) => string;
}

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
  options: Options,
): ((context: TemplateContext) => string) | undefined {
  // The text is texts[0], value 0, texts[1], value 1... texts[n].
  const texts: string[] = [];
  const values: ValueReader[] = [];
  let pending = "";
  for (const statement of program.body) {
    if (statement.type === "CommentStatement") continue;
    if (statement.type === "ContentStatement") {
      pending += (statement as hbs.AST.ContentStatement).value;
      continue;
    }
    if (statement.type !== "MustacheStatement") return undefined;
    const reader = simpleReader(statement as hbs.AST.MustacheStatement, options);
    if (reader === undefined) return undefined;
    if (reader === NOTHING) continue;
    texts.push(pending);
    values.push(reader);
    pending = "";
  }
  texts.push(pending);
  return (context) => {
    let text = texts[0] as string;
    for (let index = 0; index < values.length; index++) {
      text += (values[index] as ValueReader).render(context) + (texts[index + 1] as string);
    }
    return text;
  };
}

// A reference to a forbidden name: it renders nothing, so it is left out.
const NOTHING = "nothing";

function simpleReader(mustache: hbs.AST.MustacheStatement, options: Options): ValueReader | typeof NOTHING | undefined {
  if (mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0) return undefined;
  if (mustache.path.type !== "PathExpression") return undefined;
  const path = mustache.path as hbs.AST.PathExpression;
  if (path.data || path.depth !== 0 || path.parts.length === 0 || /^(this|\.)/.test(path.original)) return undefined;
  // `{{name}}` alone could be a helper call.
  if (path.parts.length === 1 && options.helpers.has(path.parts[0] ?? "")) return undefined;
  const segments = [...path.parts];
  const escape = mustache.escaped ? options.escape : undefined;
  if (segments.some((segment) => FORBIDDEN.has(segment))) return NOTHING;
  // The context's own fields are read by number; anything else at the root is looked up by name.
  const field = CONTEXT_FIELDS.indexOf(segments[0] as keyof TemplateContext);
  return new ValueReader(field, field < 0 ? segments : segments.slice(1), escape);
}

// One class for every value, so that rendering runs the same code whatever the template.
class ValueReader {
  constructor(
    private readonly field: number,
    private readonly segments: readonly string[],
    private readonly escape: ((value: unknown) => string) | undefined,
  ) {}

  render(context: TemplateContext): string {
    let current = this.field < 0 ? context : readContextField(context, this.field);
    const { segments } = this;
    for (let index = 0; index < segments.length; index++) {
      current = readOwn(current, segments[index] as string);
      if (current === undefined) return "";
    }
    if (current === undefined || current === null || typeof current === "function") return "";
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- "[object Object]", as Handlebars renders it
    return this.escape ? this.escape(current) : String(current);
  }
}
