import type { ManifestFixture } from "./manifest-fixture.js";

/**
 * The `widget:` fixtures under test/fixtures/manifests/, with exactly what `validate` reports:
 * the schema (colors, fields per kind), the widget check (ids, bindings) and the rules against it.
 */
export const WIDGET_FIXTURES: readonly ManifestFixture[] = [
  {
    file: "widget-valid.yaml",
    behaviour: "accepts a Generic widget whose data item and hook button rules answer, bindings passed through",
    expected: [],
  },
  {
    file: "widget-broken.yaml",
    behaviour:
      "reports a widget with Handlebars, a duplicate id, a bad color, missing and misplaced fields per kind, an unknown binding",
    expected: [
      "widget-broken.yaml:17:18: WIDGET_TEMPLATE widget texts are not Handlebars templates; write Crisp's bindings with single braces, such as {conversation.meta.email}",
      'widget-broken.yaml:18:15: DUPLICATE_WIDGET_ID id "status" is already used by widget.sections[0].items[0]',
      'widget-broken.yaml:22:18: INVALID_VALUE widget.sections[0].items[1].color "pink" is not allowed (one of: black, blue, green, orange, red, purple)',
      "widget-broken.yaml:23:11: MISSING_FIELD widget.sections[0].items[2].url is required",
      "widget-broken.yaml:31:11: UNKNOWN_FIELD widget.sections[0].items[3].url does not apply to this kind of item",
      "widget-broken.yaml:32:11: MISSING_FIELD widget.sections[0].items[4].group is required",
      'widget-broken.yaml:36:24: UNKNOWN_WIDGET_BINDING {conversaton.meta.email}: "conversaton.meta.email" is not a Crisp binding; it starts with conversation or operator (did you mean "conversation"?)',
    ],
  },
  {
    file: "widget-rules.yaml",
    behaviour:
      "reports rules that do not fit the widget: an unknown item id (closest suggested), reply outside widget events, unanswered items, the scope a binding needs",
    expected: [
      'widget-rules.yaml:16:15: WIDGET_DATA_UNANSWERED warning: data item "order_status" has no value and no rule on widget:data replies to it; it stays empty',
      "widget-rules.yaml:19:27: MISSING_SCOPE the widget needs scope website:people:profiles with read access for binding {conversation.people_id}; add it under scopes:",
      'widget-rules.yaml:20:15: WIDGET_DATA_UNANSWERED warning: data item "lifetime_value" has no value and no rule on widget:data replies to it; it stays empty',
      'widget-rules.yaml:23:15: WIDGET_BUTTON_UNHANDLED warning: button "refund" sends widget:button, but no rule handles it',
      'widget-rules.yaml:30:39: UNKNOWN_WIDGET_ITEM the widget has no item "order_statu" (did you mean "order_status"?)',
      'widget-rules.yaml:37:17: REPLY_OUTSIDE_WIDGET reply answers the widget, but rule "greet" listens to message:send',
    ],
  },
  {
    file: "widget-shape.yaml",
    behaviour: "refuses a widget that has both sections and url",
    expected: ["widget-shape.yaml:8:3: WIDGET_SHAPE widget has both sections and url; keep one"],
  },
  {
    file: "widget-event-without-widget.yaml",
    behaviour: "refuses a rule on a widget event when the manifest has no widget",
    expected: [
      'widget-event-without-widget.yaml:9:9: WIDGET_EVENT_WITHOUT_WIDGET rule "status" listens to widget:data, but the manifest has no widget:',
    ],
  },
];
