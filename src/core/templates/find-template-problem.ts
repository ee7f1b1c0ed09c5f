import { closest, distance } from "fastest-levenshtein";
import { BLOCK_HELPERS, type BlockHelper } from "./block-helpers.js";

type Node = hbs.AST.Node;
interface Call {
  readonly path: Node;
  readonly params: readonly Node[];
  readonly hash?: hbs.AST.Hash | undefined;
}

const BLOCKS: ReadonlyMap<string, BlockHelper> = new Map(BLOCK_HELPERS.map((helper) => [helper.name, helper]));

/**
 * The first construct of a parsed template that would fail or escape at render time, in one
 * sentence, or undefined when there is none. Handlebars reports most of these only when the
 * template runs (and only on the branch that runs); checking the tree once at compile time turns
 * them into load-time errors: unknown helpers, block helpers used inline or with the wrong number
 * of arguments, partials (there are none to include) and decorators.
 */
export function findTemplateProblem(program: hbs.AST.Program, inline: ReadonlySet<string>): string | undefined {
  return firstProblem(program.body, (node) => statementProblem(node, inline));
}

function statementProblem(node: Node, inline: ReadonlySet<string>): string | undefined {
  switch (node.type) {
    case "ContentStatement":
    case "CommentStatement":
      return undefined;
    case "MustacheStatement":
      return callProblem(node as hbs.AST.MustacheStatement, inline, false);
    case "BlockStatement":
      return blockProblem(node as hbs.AST.BlockStatement, inline);
    case "PartialStatement":
    case "PartialBlockStatement":
      return "partials ({{> name}}) are not supported";
    case "Decorator":
    case "DecoratorBlock":
      return "decorators ({{* name}}) are not supported";
    default:
      return `${node.type} is not supported`;
  }
}

function callProblem(call: Call, inline: ReadonlySet<string>, subExpression: boolean): string | undefined {
  const nested = argumentsProblem(call, inline);
  if (nested !== undefined) return nested;
  const name = helperName(call.path);
  if (name !== undefined && BLOCKS.has(name))
    return `"${name}" is a block helper: write {{#${name} value}}...{{/${name}}}`;
  const isCall = subExpression || call.params.length > 0 || call.hash !== undefined;
  if (!isCall || (name !== undefined && inline.has(name))) return undefined;
  return unknownHelper(name ?? describePath(call.path), inline);
}

function blockProblem(block: hbs.AST.BlockStatement, inline: ReadonlySet<string>): string | undefined {
  const own = blockCallProblem(block, inline);
  if (own !== undefined) return own;
  const inner = (block.program as hbs.AST.Program | undefined)?.body ?? [];
  const otherwise = (block.inverse as hbs.AST.Program | undefined)?.body ?? [];
  return firstProblem([...inner, ...otherwise], (node) => statementProblem(node, inline));
}

function blockCallProblem(block: hbs.AST.BlockStatement, inline: ReadonlySet<string>): string | undefined {
  const nested = argumentsProblem(block, inline);
  if (nested !== undefined) return nested;
  const name = helperName(block.path);
  const helper = name === undefined ? undefined : BLOCKS.get(name);
  if (helper !== undefined) {
    if (block.params.length !== 1) return `{{#${helper.name}}} takes exactly one value, not ${block.params.length}`;
    if (block.hash !== undefined && !helper.hash) return `{{#${helper.name}}} takes no name=value options`;
    return undefined;
  }
  if (name !== undefined && inline.has(name)) return `"${name}" is not a block helper: write {{#if (${name} ...)}}`;
  // With no arguments, `{{#data.items}}...{{/data.items}}` is a Mustache section over a value.
  if (block.params.length === 0 && block.hash === undefined) return undefined;
  return unknownHelper(name ?? describePath(block.path), inline);
}

function argumentsProblem(call: Call, inline: ReadonlySet<string>): string | undefined {
  const values = [...call.params, ...(call.hash?.pairs.map((pair) => pair.value) ?? [])];
  return firstProblem(values, (node) =>
    node.type === "SubExpression" ? callProblem(node as hbs.AST.SubExpression, inline, true) : undefined,
  );
}

// The helper a call names: a bare identifier (`eq`, not `this.eq`, `../eq` or `@eq`), or a literal.
function helperName(path: Node): string | undefined {
  if (path.type !== "PathExpression") {
    // `{{"eq" a b}}` calls `eq` too; literals' `original` is a string, number or boolean.
    const { original } = path as { original?: string | number | boolean };
    return original === undefined ? undefined : String(original);
  }
  const { parts, data, depth, original } = path as hbs.AST.PathExpression;
  return parts.length === 1 && !data && depth === 0 && original === parts[0] ? parts[0] : undefined;
}

function describePath(path: Node): string {
  return path.type === "PathExpression" ? (path as hbs.AST.PathExpression).original : path.type;
}

function unknownHelper(name: string, inline: ReadonlySet<string>): string {
  const known = [...inline, ...BLOCKS.keys()];
  const guess = closest(name, known);
  // Suggest only near misses ("uper" for "upper"); short names are close to everything.
  const hint = distance(name, guess) <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean "${guess}"?)` : "";
  return `unknown helper "${name}"${hint}`;
}

function firstProblem(nodes: readonly Node[], check: (node: Node) => string | undefined): string | undefined {
  for (const node of nodes) {
    const problem = check(node);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
