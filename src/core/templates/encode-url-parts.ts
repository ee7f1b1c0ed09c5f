/** The helper every value of a URL template goes through, but the first. */
export const ENCODE_HELPER = "encode";

/**
 * Rewrites a parsed URL template so that each `{{value}}` renders URL-component encoded, as if
 * written `{{encode value}}`: a visitor's text placed in a path or a query (`/users/{{data.id}}`,
 * `?q={{data.content}}`) cannot add a `/`, `?`, `#` or `&` and so cannot change where the request
 * goes. Output stays as it is in three places: the template's very first statement, which is the
 * base URL (`{{settings.webhook_url}}/...`); a value in the authority (`https://{{settings.host}}/`),
 * which chooses the host that `http.allow` then checks; and triple-stash `{{{value}}}`, the
 * author's explicit way to insert URL text. Blocks (`{{#if}}`) are encoded inside. Mutates and
 * returns `program`.
 */
export function encodeUrlParts(program: hbs.AST.Program): hbs.AST.Program {
  let literal = "";
  program.body = program.body.map((statement, index) => {
    if (statement.type === "ContentStatement") literal += (statement as hbs.AST.ContentStatement).value;
    const raw = index === 0 || IN_AUTHORITY.test(literal);
    return raw ? statement : rewrite(statement);
  });
  return program;
}

/** The literal text so far is `scheme://` and part of a host, so the next value is in the authority. */
const IN_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*$/i;

function rewrite(statement: hbs.AST.Statement): hbs.AST.Statement {
  if (statement.type === "BlockStatement") {
    const block = statement as hbs.AST.BlockStatement;
    block.program.body = block.program.body.map(rewrite);
    if (block.inverse) block.inverse.body = block.inverse.body.map(rewrite);
    return block;
  }
  if (statement.type !== "MustacheStatement") return statement;
  const mustache = statement as hbs.AST.MustacheStatement;
  return mustache.escaped ? encoded(mustache) : mustache;
}

function encoded(mustache: hbs.AST.MustacheStatement): hbs.AST.MustacheStatement {
  const { loc } = mustache;
  const isCall = mustache.params.length > 0 || (mustache.hash?.pairs.length ?? 0) > 0;
  const value: hbs.AST.Expression = isCall
    ? ({
        type: "SubExpression",
        path: mustache.path,
        params: mustache.params,
        hash: mustache.hash,
        loc,
      } as hbs.AST.SubExpression)
    : mustache.path;
  const path: hbs.AST.PathExpression = {
    type: "PathExpression",
    data: false,
    depth: 0,
    parts: [ENCODE_HELPER],
    original: ENCODE_HELPER,
    loc,
  };
  return { ...mustache, path, params: [value], hash: undefined as unknown as hbs.AST.Hash };
}
