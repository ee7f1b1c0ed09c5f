import { isCollection, visit, type Document, type YAMLError } from "yaml";
import type { ManifestSource } from "./manifest-source.js";
import { createProblem, type Problem } from "./problem.js";

/** YAML error codes that mean a line is indented or aligned wrongly. */
const INDENTATION_CODES = new Set(["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY", "MISSING_CHAR"]);

/**
 * One problem per YAML mistake: the yaml library reports one indentation mistake as several
 * errors, so only the first error of each top-level entry (`rules:`, `scopes:`...) is kept. A
 * template written without quotes (`content: {{data.content}}`), which YAML reads as a flow
 * mapping, is reported as such, with how to write it.
 */
export function yamlProblems(
  source: ManifestSource,
  errors: readonly YAMLError[],
  locate: (error: YAMLError) => number,
): Problem[] {
  const seen = new Set<number>();
  const problems: Problem[] = [];
  for (const error of errors) {
    const offset = locate(error);
    const template = unquotedTemplateOn(source.text, offset);
    const region = regionOf(source.text, template ?? offset);
    if (seen.has(region)) continue;
    seen.add(region);
    problems.push(
      template === undefined
        ? createProblem(
            source.file,
            source.positionAt(offset),
            error.code === "DUPLICATE_KEY" ? "DUPLICATE_KEY" : "YAML_SYNTAX",
            describe(source.text, error),
          )
        : unquotedTemplate(source, template),
    );
  }
  return problems;
}

/**
 * Templates left unquoted that still parsed (as a mapping whose key is a mapping): YAML would turn
 * the key into text and Node would print a warning, so they are reported before anything reads
 * the data.
 */
export function collectionKeyProblems(source: ManifestSource, document: Document): Problem[] {
  const problems: Problem[] = [];
  visit(document, {
    Pair(_key, pair) {
      if (!isCollection(pair.key)) return;
      const start = pair.key.range?.[0] ?? 0;
      const template = unquotedTemplateOn(source.text, start);
      problems.push(
        template === undefined
          ? createProblem(
              source.file,
              source.positionAt(start),
              "YAML_SYNTAX",
              "a key must be text, not a list or a mapping",
            )
          : unquotedTemplate(source, template),
      );
    },
  });
  return problems;
}

function unquotedTemplate(source: ManifestSource, offset: number): Problem {
  const end = source.text.indexOf("}}", offset);
  const template = source.text.slice(offset, end === -1 ? offset + 2 : end + 2).split("\n")[0] ?? "{{";
  return createProblem(
    source.file,
    source.positionAt(offset),
    "TEMPLATE_NOT_QUOTED",
    `the template ${template} must be quoted, or YAML reads it as a mapping: write "${template.replace(/"/g, '\\"')}"`,
  );
}

/** The offset of a `{{` that starts a plain (unquoted) YAML value on the line of `offset`. */
function unquotedTemplateOn(text: string, offset: number): number | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = text.indexOf("\n", offset);
  const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  let quote: string | undefined;
  let previous = "";
  for (let index = 0; index < line.length; index++) {
    const char = line[index] ?? "";
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === "#" && (index === 0 || /\s/.test(line[index - 1] ?? ""))) return undefined;
    if ((char === '"' || char === "'") && (previous === "" || /[:\-,[{]/.test(previous))) quote = char;
    else if (line.startsWith("{{", index) && (previous === "" || /[:\-,[{]/.test(previous))) return lineStart + index;
    if (!/\s/.test(char)) previous = char;
  }
  return undefined;
}

/** The offset of the top-level entry (a line starting at column 0) that holds `offset`. */
function regionOf(text: string, offset: number): number {
  const before = text.slice(0, offset);
  const matches = [...before.matchAll(/^[^\s#-][^\n]*$/gm)];
  return matches.at(-1)?.index ?? 0;
}

function describe(text: string, error: YAMLError): string {
  const first = error.message.split("\n")[0] ?? error.message;
  if (error.code === "DUPLICATE_KEY") {
    const key = (/^[^:\n]+/.exec(text.slice(error.pos[0]))?.[0] ?? "").trim();
    return `key ${JSON.stringify(key)} appears twice in the same mapping`;
  }
  const message = first.replace(/ at line \d+, column \d+:?$/, "");
  return INDENTATION_CODES.has(error.code) && !/indent/i.test(message)
    ? `${message}; check this line's indentation against the lines above`
    : message;
}
