import { readFileSync } from "node:fs";
import { ACTIONS, HOOK_PREFIX } from "../actions/catalog.js";
import { mergeShapes, OPEN_SHAPE, shapeOfSchema, type DataShape } from "./data-shape.js";
import { isPlain, type Plain } from "./walk-rules.js";

/** Location of the description of each Crisp event's `data` (scripts/describe-crisp-events.ts). */
export const EVENT_DATA_URL = new URL("../../../schema/crisp-event-data.json", import.meta.url);

let eventData: Readonly<Record<string, DataShape>> | undefined;

/** The `data` of each Crisp event, as crisp-api's types describe it. */
export function eventDataShapes(): Readonly<Record<string, DataShape>> {
  eventData ??= (JSON.parse(readFileSync(EVENT_DATA_URL, "utf8")) as { events: Record<string, DataShape> }).events;
  return eventData;
}

/** The roots every template and condition sees that do not depend on the rule. */
export const FIXED_ROOTS = {
  event: { fields: { name: {}, website_id: {}, session_id: {}, timestamp: {} } },
  website: { fields: { id: {} } },
  plugin: { fields: { urn: {}, name: {} } },
  now: {},
} as const satisfies Record<string, DataShape>;

/** The names templates may start a path with, in the order the docs list them. */
export const ROOT_NAMES = ["event", "data", "website", "settings", "plugin", "steps", "now"] as const;

/** `data` of a rule listening to `events`: any field of any of them; open for an event not described. */
export function dataShapeOf(events: readonly string[]): DataShape {
  const shapes = eventDataShapes();
  const known = events.map((event) => shapes[event]);
  if (known.length === 0 || known.some((shape) => shape === undefined)) return OPEN_SHAPE;
  return mergeShapes(known as DataShape[]);
}

/** `settings`, from the manifest's settings schema; open when there is no usable schema. */
export function settingsShapeOf(data: Plain): DataShape {
  const { settings } = data;
  if (settings === undefined) return { fields: {} };
  return isPlain(settings) ? shapeOfSchema(settings) : OPEN_SHAPE;
}

/**
 * What a step's result looks like: the action's `result` schema, a hook's declared `returns`
 * (from `hookReturns`, when the hooks are loaded), else free-form.
 */
export function stepResultShape(action: unknown, hookReturns?: ReadonlyMap<string, unknown>): DataShape {
  if (typeof action !== "string") return OPEN_SHAPE;
  if (action.startsWith(HOOK_PREFIX)) {
    const returns = hookReturns?.get(action.slice(HOOK_PREFIX.length));
    return returns === undefined ? OPEN_SHAPE : shapeOfSchema(returns);
  }
  const result = ACTIONS.get(action)?.result;
  return result === undefined ? OPEN_SHAPE : shapeOfSchema(result);
}
