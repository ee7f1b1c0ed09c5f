import { isWidgetEvent } from "../engine/widget-events.js";
import { problemAt, type CheckContext } from "./check-context.js";
import type { DataPath } from "./manifest-source.js";
import type { Problem } from "./problem.js";
import { suggest } from "./validate-schema.js";
import { isPlain, rawRules, rawSteps, type Plain, type RawRule } from "./walk-rules.js";
import { rawWidget } from "./widget-bindings.js";

/** An item of the raw widget, with what the rules must know of it. */
interface RawItem {
  readonly id: string;
  readonly path: DataPath;
  /** The event the item sends: a data item asking for its value, a `hook`/`submit` button; else none. */
  readonly sends?: "widget:data" | "widget:button";
}

/** An item id a rule's `if:` names; `only`: the rule runs for that item (`equals`, `in`), not all but it. */
interface ItemFilter {
  readonly id: string;
  readonly path: DataPath;
  readonly only: boolean;
}

/** A rule on widget events: the item ids its `if:` names (none: every item), and whether it replies. */
interface WidgetRule {
  readonly events: readonly string[];
  readonly itemIds: readonly ItemFilter[];
  readonly replies: boolean;
}

/**
 * The rules against the widget: `reply` only in rules on widget events; widget events only with a
 * widget; `data.item_id` filters that name an item of the widget (else the closest id is
 * suggested); a data item that asks for its value with no rule replying, and a `hook` or `submit`
 * button no rule handles (warnings).
 */
export function checkWidgetRules(context: CheckContext): Problem[] {
  const widget = rawWidget(context.data);
  const items = widget === undefined ? [] : rawItems(widget);
  const ids = items.map((item) => item.id);
  const problems: Problem[] = [];
  const rules: WidgetRule[] = [];
  for (const rule of rawRules(context.data)) {
    const events = ruleEvents(rule.rule.on);
    const onWidget = events.filter(isWidgetEvent);
    problems.push(...checkReplies(context, rule, events));
    if (onWidget.length === 0) continue;
    if (widget === undefined) {
      problems.push(
        problemAt(
          context,
          [...rule.path, "on"],
          "WIDGET_EVENT_WITHOUT_WIDGET",
          `rule "${String(rule.rule.id)}" listens to ${onWidget.join(" and ")}, but the manifest has no widget:`,
        ),
      );
      continue;
    }
    const itemIds = itemFilters(rule);
    for (const { id, path } of itemIds) {
      if (ids.includes(id)) continue;
      problems.push(
        problemAt(context, path, "UNKNOWN_WIDGET_ITEM", `the widget has no item "${id}"${suggest(id, ids)}`),
      );
    }
    if (rule.rule.enabled === false) continue;
    const replies = rawSteps(rule).some((step) => step.step.action === "reply");
    rules.push({ events: onWidget, itemIds, replies });
  }
  return [...problems, ...unhandledItems(context, items, rules)];
}

function checkReplies(context: CheckContext, rule: RawRule, events: readonly string[]): Problem[] {
  const others = events.filter((event) => !isWidgetEvent(event));
  if (others.length === 0) return [];
  return rawSteps(rule)
    .filter((step) => step.step.action === "reply")
    .map((step) =>
      problemAt(
        context,
        [...step.path, "action"],
        "REPLY_OUTSIDE_WIDGET",
        `reply answers the widget, but rule "${String(rule.rule.id)}" ${others.length === events.length ? "" : "also "}listens to ${others.join(", ")}`,
      ),
    );
}

function unhandledItems(context: CheckContext, items: readonly RawItem[], rules: readonly WidgetRule[]): Problem[] {
  return items.flatMap((item) => {
    const { sends } = item;
    if (sends === undefined) return [];
    const covers = (rule: WidgetRule): boolean => {
      const only = rule.itemIds.filter((filter) => filter.only);
      return (
        rule.events.includes(sends) &&
        (sends === "widget:button" || rule.replies) &&
        (only.length === 0 || only.some(({ id }) => id === item.id))
      );
    };
    if (rules.some(covers)) return [];
    return [
      sends === "widget:data"
        ? problemAt(
            context,
            [...item.path, "id"],
            "WIDGET_DATA_UNANSWERED",
            `data item "${item.id}" has no value and no rule on widget:data replies to it; it stays empty`,
          )
        : problemAt(
            context,
            [...item.path, "id"],
            "WIDGET_BUTTON_UNHANDLED",
            `button "${item.id}" sends widget:button, but no rule handles it`,
          ),
    ];
  });
}

function rawItems(widget: Plain): RawItem[] {
  const sections = Array.isArray(widget.sections) ? (widget.sections as unknown[]) : [];
  return sections.flatMap((section, sectionIndex) => {
    if (!isPlain(section) || !Array.isArray(section.items)) return [];
    return (section.items as unknown[]).flatMap((item, itemIndex): RawItem[] => {
      if (!isPlain(item) || typeof item.id !== "string") return [];
      const path: DataPath = ["widget", "sections", sectionIndex, "items", itemIndex];
      const asks = item.type === "data" && (item.value === undefined || item.value === "");
      const pressed = item.type === "button" && (item.kind === "hook" || item.kind === "submit");
      const sends = asks ? "widget:data" : pressed ? "widget:button" : undefined;
      return [{ id: item.id, path, ...(sends === undefined ? {} : { sends }) }];
    });
  });
}

/** The item ids a rule's own `if:` compares `data.item_id` with (`equals`, `not_equals`, `in`). */
function itemFilters(rule: RawRule): ItemFilter[] {
  const found: ItemFilter[] = [];
  const visit = (value: unknown, path: DataPath): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (!isPlain(value)) return;
    for (const key of ["all", "any", "not"] as const) if (key in value) visit(value[key], [...path, key]);
    if (value.path !== "data.item_id") return;
    for (const operator of ["equals", "not_equals"] as const) {
      const id = value[operator];
      if (typeof id === "string") found.push({ id, path: [...path, operator], only: operator === "equals" });
    }
    if (Array.isArray(value.in)) {
      value.in.forEach((id: unknown, index) => {
        if (typeof id === "string") found.push({ id, path: [...path, "in", index], only: true });
      });
    }
  };
  visit(rule.rule.if, [...rule.path, "if"]);
  return found;
}

function ruleEvents(on: unknown): string[] {
  if (typeof on === "string") return [on];
  return Array.isArray(on) ? on.filter((event): event is string => typeof event === "string") : [];
}
