/**
 * Writes the generated parts of schema/plugin.schema.json from the code catalogs, so that the
 * schema stays the one file ajv, editors and the README read: the scope enum, the event and action
 * completions, and each action's `with` schema. `npm run schema`; a test fails when it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ACTIONS, HOOK_PREFIX } from "../src/core/actions/catalog.js";
import { PLUGIN_EVENTS, SCOPE_NAMES } from "../src/core/crisp/scope-catalog.js";
import { WIDGET_EVENTS } from "../src/core/engine/widget-events.js";

export const SCHEMA_PATH = fileURLToPath(new URL("../schema/plugin.schema.json", import.meta.url));

/* eslint-disable @typescript-eslint/no-unsafe-member-access -- walks a parsed JSON document */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Returns the schema text with every generated part recomputed. */
export function buildSchema(text: string): string {
  const schema = JSON.parse(text) as Json;
  const defs = schema.$defs as Json;
  schema.properties.scopes.items.properties.scope.enum = SCOPE_NAMES;
  defs.event_name.examples = [...PLUGIN_EVENTS, ...WIDGET_EVENTS];
  defs.step.properties.action.examples = [...ACTIONS.keys(), `${HOOK_PREFIX}myHook`];
  defs.action_params = Object.fromEntries(
    [...ACTIONS.values()].map((action) => [action.name, { description: action.summary, ...action.params }]),
  );
  defs.step.allOf = [...ACTIONS.keys()].map((name) => ({
    if: { required: ["action"], properties: { action: { const: name } } },
    then: { properties: { with: { $ref: `#/$defs/action_params/${name}` } } },
  }));
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = readFileSync(SCHEMA_PATH, "utf8");
  const after = buildSchema(before);
  writeFileSync(SCHEMA_PATH, after);
  console.log(before === after ? "schema/plugin.schema.json is up to date" : "schema/plugin.schema.json updated");
}
