import { problemAt, type CheckContext } from "./check-context.js";
import type { DataPath } from "./manifest-source.js";
import type { Problem } from "./problem.js";
import { formatPath, suggest } from "./validate-schema.js";
import { isPlain, stringsUnder, type Plain } from "./walk-rules.js";
import { BINDING_ROOTS, isKnownBindingPath, rawWidget, widgetBindings } from "./widget-bindings.js";

/**
 * What the schema cannot say about `widget:`: one kind of widget (sections or url), ids used once
 * across sections and items, no Handlebars (Crisp's bindings use single braces and are Crisp's to
 * fill), and bindings that read `conversation` or `operator`.
 */
export function checkWidget(context: CheckContext): Problem[] {
  const widget = rawWidget(context.data);
  if (widget === undefined) return [];
  return [
    ...checkShape(context, widget),
    ...checkIds(context, widget),
    ...stringsUnder(widget, ["widget"])
      .filter(({ text }) => text.includes("{{"))
      .map(({ path }) =>
        problemAt(
          context,
          path,
          "WIDGET_TEMPLATE",
          "widget texts are not Handlebars templates; write Crisp's bindings with single braces, such as {conversation.meta.email}",
        ),
      ),
    ...widgetBindings(widget).flatMap(({ text, paths, path }) =>
      paths
        .filter((binding) => !isKnownBindingPath(binding))
        .map((binding) =>
          problemAt(
            context,
            path,
            "UNKNOWN_WIDGET_BINDING",
            `${text}: "${binding}" is not a Crisp binding; it starts with ${BINDING_ROOTS.join(" or ")}${suggest(binding.split(".")[0] ?? "", BINDING_ROOTS)}`,
          ),
        ),
    ),
  ];
}

function checkShape(context: CheckContext, widget: Plain): Problem[] {
  const hasSections = widget.sections !== undefined;
  const hasUrl = widget.url !== undefined;
  if (hasSections && hasUrl) {
    return [
      problemAt(context, ["widget", "url"], "WIDGET_SHAPE", "widget has both sections and url; keep one", {
        key: true,
      }),
    ];
  }
  if (hasSections || hasUrl) return [];
  return [
    problemAt(
      context,
      ["widget"],
      "WIDGET_SHAPE",
      "widget needs sections (a Generic widget) or url (an iFrame widget)",
      { key: true },
    ),
  ];
}

/** Section and item ids: Crisp names the item used by its id, so each must be used once. */
function checkIds(context: CheckContext, widget: Plain): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  const claim = (id: unknown, path: DataPath): void => {
    if (typeof id !== "string") return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, formatPath(path));
      return;
    }
    problems.push(problemAt(context, [...path, "id"], "DUPLICATE_WIDGET_ID", `id "${id}" is already used by ${first}`));
  };
  const sections = Array.isArray(widget.sections) ? (widget.sections as unknown[]) : [];
  sections.forEach((section, sectionIndex) => {
    if (!isPlain(section)) return;
    const base: DataPath = ["widget", "sections", sectionIndex];
    claim(section.id, base);
    const items = Array.isArray(section.items) ? (section.items as unknown[]) : [];
    items.forEach((item, itemIndex) => {
      if (isPlain(item)) claim(item.id, [...base, "items", itemIndex]);
    });
  });
  return problems;
}
