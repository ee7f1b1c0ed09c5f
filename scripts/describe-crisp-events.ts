/**
 * Writes schema/crisp-event-data.json: for every event of crisp-api's `EventsMap`
 * (node_modules/crisp-api/lib/events/Events.ts), the fields of its payload, as the `DataShape`
 * that `validate` checks `data.*` paths against. Read from the library's own TypeScript types, so
 * the description follows crisp-api; `npm run schema` rewrites it and a test fails when it drifts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { DataShape } from "../src/core/manifest/data-shape.js";

export const EVENT_DATA_PATH = fileURLToPath(new URL("../schema/crisp-event-data.json", import.meta.url));

const MAX_DEPTH = 8;

/** The description of every event's `data`, as the JSON text written to {@link EVENT_DATA_PATH}. */
export function describeCrispEvents(): string {
  // The package's main file is dist/crisp.js; its TypeScript sources are in lib/ beside dist/.
  const root = dirname(dirname(createRequire(import.meta.url).resolve("crisp-api")));
  const file = join(root, "lib", "events", "Events.ts");
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    baseUrl: root,
    paths: { "@/*": ["lib/*"] },
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`cannot read ${file}`);
  const map = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === "EventsMap",
  );
  if (map === undefined) throw new Error(`${file} has no EventsMap`);
  const events: Record<string, DataShape> = {};
  for (const property of checker.getPropertiesOfType(checker.getTypeAtLocation(map))) {
    events[property.name] = shapeOf(checker, checker.getTypeOfSymbol(property), 0);
  }
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  return `${JSON.stringify({ crisp_api: version, events }, null, 1)}\n`;
}

function shapeOf(checker: ts.TypeChecker, type: ts.Type, depth: number): DataShape {
  if (depth > MAX_DEPTH) return { open: true };
  const flags = type.getFlags();
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { open: true };
  if (type.isUnion()) {
    const members = type.types.filter((member) => !(member.getFlags() & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    const shapes = members.map((member) => shapeOf(checker, member, depth));
    return merge(shapes);
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    return { items: item === undefined ? { open: true } : shapeOf(checker, item, depth + 1) };
  }
  if (!(flags & ts.TypeFlags.Object)) return {};
  if (checker.getIndexInfosOfType(type).length > 0) return { open: true };
  const properties = checker.getPropertiesOfType(type);
  if (properties.length === 0) return { open: true };
  const fields: Record<string, DataShape> = {};
  for (const property of [...properties].sort((a, b) => a.name.localeCompare(b.name))) {
    fields[property.name] = shapeOf(checker, checker.getTypeOfSymbol(property), depth + 1);
  }
  return { fields };
}

/** A value of one of several types: the fields of each are known; a plain value adds nothing. */
function merge(shapes: readonly DataShape[]): DataShape {
  if (shapes.some((shape) => shape.open === true)) return { open: true };
  const withFields = shapes.filter((shape) => shape.fields !== undefined);
  const lists = shapes.filter((shape) => shape.items !== undefined);
  if (withFields.length === 0 && lists.length === 0) return {};
  const fields: Record<string, DataShape[]> = {};
  for (const shape of withFields) {
    for (const [name, field] of Object.entries(shape.fields ?? {})) (fields[name] ??= []).push(field);
  }
  const merged: { fields?: Record<string, DataShape>; items?: DataShape } = {};
  if (withFields.length > 0) {
    const names = Object.keys(fields).sort();
    merged.fields = Object.fromEntries(names.map((name) => [name, merge(fields[name] ?? [])]));
  }
  if (lists.length > 0) merged.items = merge(lists.map((list) => list.items ?? {}));
  return merged;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = readFileSync(EVENT_DATA_PATH, { encoding: "utf8", flag: "a+" });
  const after = describeCrispEvents();
  writeFileSync(EVENT_DATA_PATH, after);
  console.log(before === after ? "schema/crisp-event-data.json is up to date" : "schema/crisp-event-data.json updated");
}
