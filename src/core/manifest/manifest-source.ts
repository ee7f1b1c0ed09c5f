import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { Position } from "./problem.js";

/** A path into the manifest's data: keys and list indexes, as in a JSON pointer. */
export type DataPath = readonly (string | number)[];

/**
 * The parsed YAML document with its positions, so that any value of the manifest can be traced
 * back to the line and column it came from.
 */
export class ManifestSource {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Line and column (1-based) of a character offset. */
  positionAt(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col, offset };
  }

  /**
   * The position of the node at `path`, or of the deepest node that exists on the way there.
   * With `key`, the position of the mapping key rather than its value (for unknown fields).
   */
  locate(path: DataPath, options: { key?: boolean } = {}): Position {
    let node: unknown = this.document.contents;
    let keyNode: unknown;
    for (const segment of path) {
      const next = childOf(node, segment);
      if (next === undefined) break;
      node = next.value;
      keyNode = next.key;
    }
    const target = options.key && keyNode !== undefined ? keyNode : (node ?? keyNode);
    return this.positionAt(startOf(target));
  }

  /**
   * The position of `needle` inside the text of the value at `path` (a path inside a template,
   * say), or of the value itself when the text does not contain it as written.
   */
  locateWithin(path: DataPath, needle: string): Position {
    const start = this.locate(path);
    let node: unknown = this.document.contents;
    for (const segment of path) node = childOf(node, segment)?.value;
    const range = (node as Node | undefined)?.range;
    if (range === undefined || range === null) return start;
    const found = this.text.slice(range[0], range[1]).indexOf(needle);
    return found < 0 ? start : this.positionAt(range[0] + found);
  }
}

function childOf(node: unknown, segment: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair ? { key: pair.key, value: pair.value ?? pair.key } : undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function startOf(node: unknown): number {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : 0;
}
