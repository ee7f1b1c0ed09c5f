import type { CrispEvent } from "../../core/engine/crisp-event.js";

/** A widget action as Crisp posts it to the Action URL (crisp-platform.md §10.2), authenticated later. */
export interface WidgetAction {
  readonly websiteId: string;
  /** `origin.token`: the website's subscription token, to be compared with the one the plugin knows. */
  readonly token: string;
  /** The event the rules see; it holds no token. */
  readonly event: CrispEvent;
}

/**
 * Reads a parsed Action URL body, `{ action: { type }, origin: { website_id, session_id, token },
 * widget: { item_id, section_id? }, payload: { data, value } }`, into a {@link WidgetAction}: a
 * `data` action becomes `widget:data`, a `button` action `widget:button`. `timestamp` is when it
 * was sent (the signed timestamp) or received. Returns why the body cannot be used instead.
 */
export function parseWidgetAction(body: unknown, timestamp: number): WidgetAction | { error: string } {
  if (!isObject(body)) return { error: "the body is not a JSON object" };
  const { action, origin, widget, payload } = body;
  if (!isObject(origin) || typeof origin.website_id !== "string" || origin.website_id === "")
    return { error: "`origin.website_id` is missing" };
  if (typeof origin.token !== "string") return { error: "`origin.token` is missing" };
  const type = isObject(action) ? action.type : undefined;
  if (type !== "data" && type !== "button") return { error: '`action.type` must be "data" or "button"' };
  if (!isObject(widget) || typeof widget.item_id !== "string" || widget.item_id === "")
    return { error: "`widget.item_id` is missing" };
  const sent = isObject(payload) ? payload : {};
  const session = typeof origin.session_id === "string" && origin.session_id !== "" ? origin.session_id : undefined;
  const data: Record<string, unknown> = {
    website_id: origin.website_id,
    ...(session === undefined ? {} : { session_id: session }),
    item_id: widget.item_id,
    ...(typeof widget.section_id === "string" ? { section_id: widget.section_id } : {}),
    action: type,
    payload: {
      data: isObject(sent.data) ? sent.data : {},
      ...(sent.value === undefined ? {} : { value: sent.value }),
    },
  };
  const event: CrispEvent = {
    name: type === "data" ? "widget:data" : "widget:button",
    website_id: origin.website_id,
    ...(session === undefined ? {} : { session_id: session }),
    timestamp,
    data,
  };
  return { websiteId: origin.website_id, token: origin.token, event };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
