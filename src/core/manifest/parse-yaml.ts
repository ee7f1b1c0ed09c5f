import { LineCounter, isMap, isScalar, parseDocument, visit, type Document, type YAMLError } from "yaml";
import { ManifestSource } from "./manifest-source.js";
import { createProblem, FILE_START, type Position, type Problem } from "./problem.js";
import { collectionKeyProblems, yamlProblems } from "./yaml-problems.js";

/** Larger manifests are refused before parsing: a real one is a few kilobytes. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Aliases resolved beyond this count are treated as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/** The outcome of reading a manifest's bytes as YAML. */
export interface ParsedYaml {
  readonly source?: ManifestSource;
  /** The plain data, present when the YAML parsed into a mapping. */
  readonly data?: Record<string, unknown>;
  readonly problems: Problem[];
}

/**
 * Parses manifest bytes as YAML 1.2, keeping positions, and reports what makes the file unusable:
 * too large, not UTF-8 text, empty, YAML errors (duplicate keys included), alias bombs, a top level
 * that is not a mapping.
 */
export function parseYaml(file: string, bytes: Uint8Array): ParsedYaml {
  const fail = (position: Position, code: Problem["code"], message: string): ParsedYaml => ({
    problems: [createProblem(file, position, code, message)],
  });
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    return fail(
      FILE_START,
      "FILE_TOO_LARGE",
      `the manifest is ${bytes.byteLength} bytes; the limit is ${MAX_MANIFEST_BYTES}`,
    );
  }
  const decoded = decodeText(bytes);
  if (typeof decoded !== "string") {
    return fail(
      decoded.position,
      "NOT_TEXT",
      `${decoded.reason} at byte ${decoded.byte}; the manifest must be UTF-8 text`,
    );
  }
  const text = decoded.replace(/^\uFEFF/, "");
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  const source = new ManifestSource(file, text, document, lineCounter);
  const syntaxProblems = [
    ...yamlProblems(source, document.errors, (error) => errorOffset(text, error)),
    ...(document.errors.length === 0 ? collectionKeyProblems(source, document) : []),
  ];
  if (syntaxProblems.length > 0) return { source, problems: syntaxProblems };
  if (document.contents === null || (isScalar(document.contents) && document.contents.value === null)) {
    return { source, ...fail(FILE_START, "EMPTY_MANIFEST", "the manifest is empty") };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const position = source.positionAt(firstAliasOffset(document));
    return {
      source,
      ...fail(position, "ALIAS_BOMB", `aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?)`),
    };
  }
  if (!isMap(document.contents) || data === null || typeof data !== "object" || Array.isArray(data)) {
    const kind = Array.isArray(data) ? "a list" : `a ${typeof data} value`;
    return {
      source,
      ...fail(source.locate([]), "NOT_A_MAPPING", `the manifest is ${kind}; it must be a mapping of keys`),
    };
  }
  return { source, data: data as Record<string, unknown>, problems: [] };
}

interface NotText {
  reason: string;
  byte: number;
  position: Position;
}

function decodeText(bytes: Uint8Array): string | NotText {
  const nul = bytes.indexOf(0);
  const valid = validUtf8Prefix(bytes);
  const bad = nul === -1 ? valid : Math.min(nul, valid);
  if (bad === bytes.byteLength) return new TextDecoder("utf-8").decode(bytes);
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, bad));
  const lines = before.split(/\r\n|\r|\n/);
  const position = { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, offset: before.length };
  return { reason: bad === nul ? "a NUL byte" : "invalid UTF-8", byte: bad, position };
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629), or the length when all is valid. */
function validUtf8Prefix(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.byteLength) {
    const lead = bytes[index] ?? 0;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.byteLength) return index;
    for (let next = 1; next < length; next++) {
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    const second = bytes[index + 1] ?? 0;
    const overlongOrSurrogate =
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f);
    if (overlongOrSurrogate) return index;
    index += length;
  }
  return index;
}

function firstAliasOffset(document: Document): number {
  let offset = 0;
  visit(document, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * Where to point for a YAML error: the yaml library reports a bad indentation at the start of the
 * line and an unclosed flow collection where parsing gave up; people look for the misaligned key
 * and the bracket that was never closed.
 */
function errorOffset(text: string, error: YAMLError): number {
  const offset = error.pos[0];
  if (error.code === "BAD_INDENT" && /must be sufficiently indented and end with/.test(error.message)) {
    return unclosedBracketBefore(text, offset) ?? offset;
  }
  if (error.code === "BAD_INDENT" || / /.test(text.slice(offset, offset + 1))) {
    const indent = /^[ \t]*/.exec(text.slice(offset))?.[0].length ?? 0;
    return offset + indent;
  }
  return offset;
}

/** The offset of the last `[` or `{` before `end` that is not closed, outside quotes and comments. */
function unclosedBracketBefore(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let index = 0; index < end; index++) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "#") index = text.indexOf("\n", index) === -1 ? end : text.indexOf("\n", index);
    else if (char === "[" || char === "{") open.push(index);
    else if (char === "]" || char === "}") open.pop();
  }
  return open.at(-1);
}
