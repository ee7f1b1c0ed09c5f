import Handlebars from "handlebars";

/** A path a template reads from its context (`settings.greeting`), as written. */
export interface TemplatePath {
  readonly path: string;
  /** Where `path` starts in the template text; -1 when it cannot be told. */
  readonly index: number;
}

type Node = hbs.AST.Node;

/** Blocks whose inside reads another value as `this` (`{{#each data.segments}}{{this}}{{/each}}`). */
const CONTEXT_CHANGING = new Set(["each", "with"]);

/**
 * The context paths a template reads: every `{{path}}`, helper argument and block value at the
 * template's own level. Inside `#each` and `#with` paths are relative to another value and are
 * left out. Returns an empty list for a template that does not parse (reported elsewhere).
 */
export function templatePaths(text: string): TemplatePath[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch {
    return [];
  }
  const found: TemplatePath[] = [];
  const offsets = lineOffsets(text);
  const add = (node: Node): void => {
    if (node.type === "SubExpression") {
      const call = node as hbs.AST.SubExpression;
      visitCall(call.params, call.hash);
      return;
    }
    if (node.type !== "PathExpression") return;
    const path = node as hbs.AST.PathExpression;
    if (path.data || path.depth > 0 || path.parts.length === 0 || /^(this\b|\.)/.test(path.original)) return;
    const { line, column } = path.loc.start;
    const index = (offsets[line - 1] ?? -1) < 0 ? -1 : (offsets[line - 1] ?? 0) + column;
    found.push({ path: path.parts.join("."), index });
  };
  const visitCall = (params: readonly Node[], hash: hbs.AST.Hash | undefined): void => {
    for (const param of params) add(param);
    for (const pair of hash?.pairs ?? []) add(pair.value);
  };
  const visit = (statements: readonly Node[]): void => {
    for (const statement of statements) {
      if (statement.type === "MustacheStatement") {
        const mustache = statement as hbs.AST.MustacheStatement;
        const isCall = mustache.params.length > 0 || mustache.hash !== undefined;
        if (isCall) visitCall(mustache.params, mustache.hash);
        else add(mustache.path);
      } else if (statement.type === "BlockStatement") {
        const block = statement as hbs.AST.BlockStatement;
        visitCall(block.params, block.hash);
        const name = block.path.original;
        if (!CONTEXT_CHANGING.has(name)) visit(block.program.body);
        if (block.inverse) visit(block.inverse.body);
      }
    }
  };
  visit(program.body);
  return found;
}

function lineOffsets(text: string): number[] {
  const offsets = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === "\n") offsets.push(index + 1);
  return offsets;
}
