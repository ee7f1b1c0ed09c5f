import type { WidgetItemSpec, WidgetSpec } from "./widget-spec.js";

/**
 * The widget JSON to paste in the Marketplace (plugin → Settings → Widget), in Crisp's shape
 * (crisp-platform.md §10.1): `version: "1.0"`, then `url` (iFrame) or `sections`, each item as
 * `{ id, type, condition?, value: {...} }` with a button's kind as `value.type`. Bindings are
 * copied verbatim: Crisp fills them. A data item always has a `value` (`""` asks the plugin).
 */
export function marketplaceWidgetSchema(widget: WidgetSpec): Record<string, unknown> {
  if (widget.url !== undefined) return { version: "1.0", url: widget.url };
  return {
    version: "1.0",
    sections: (widget.sections ?? []).map((section) => ({
      id: section.id,
      title: section.title,
      ...(section.condition === undefined ? {} : { condition: section.condition }),
      items: section.items.map(exportItem),
    })),
  };
}

function exportItem(item: WidgetItemSpec): Record<string, unknown> {
  const value = item.type === "data" ? dataValue(item) : buttonValue(item);
  return {
    id: item.id,
    type: item.type,
    ...(item.condition === undefined ? {} : { condition: item.condition }),
    value: { ...value, ...defined({ group: item.group, data: item.data }) },
  };
}

function dataValue(item: WidgetItemSpec): Record<string, unknown> {
  return {
    label: item.label,
    value: item.value ?? "",
    ...defined({ placeholder: item.placeholder, editable: item.editable, immediate: item.immediate, icon: item.icon }),
  };
}

function buttonValue(item: WidgetItemSpec): Record<string, unknown> {
  return {
    type: item.kind,
    label: item.label,
    ...defined({ color: item.color, url: item.url, size: item.size }),
  };
}

/** The entries whose value is not undefined, so the export has no `"key": undefined` holes. */
function defined(entries: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}
