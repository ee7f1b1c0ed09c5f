/**
 * The events a plugin's widget sends, beside Crisp's RTM events. They are not RTM events: they
 * arrive on the Action URL (`POST /widget`), never on the socket or Web Hooks, and no token scope
 * is needed to receive them.
 *
 * - `widget:data`: a data item asks for its value (`data.payload.value` absent), or an operator
 *   edited it (`data.payload.value` holds the new text). Answered by a `reply` step.
 * - `widget:button`: a `hook` or `submit` button was pressed (`submit` sends its group's values in
 *   `data.payload.value`).
 *
 * Their `data`: `website_id`, `session_id`, `item_id`, `section_id` (when Crisp sends it), `action`
 * (`data` or `button`) and `payload` (`data`: the item's bound data; `value`).
 */
export const WIDGET_EVENTS = ["widget:data", "widget:button"] as const;

/** A widget event name. */
export type WidgetEvent = (typeof WIDGET_EVENTS)[number];

/** Whether an event name is one of {@link WIDGET_EVENTS}. */
export function isWidgetEvent(name: string): name is WidgetEvent {
  return (WIDGET_EVENTS as readonly string[]).includes(name);
}
