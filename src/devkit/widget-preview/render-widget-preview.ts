import type { JsonObject } from "../simulator/json-object.js";
import { fillBindings } from "../simulator/send-widget-action.js";
import type { WidgetItemSpec, WidgetSectionSpec, WidgetSpec } from "../../core/manifest/widget-spec.js";

/** The conversation a preview page shows the widget for. */
export interface PreviewTarget {
  readonly websiteId: string;
  readonly websiteName: string;
  readonly sessionId: string;
}

/**
 * The preview page of a widget, drawn like the Crisp inbox sidebar: each section with its title,
 * data items (empty ones are filled by the page's script through the real `POST /widget`), and
 * buttons. A section or item whose Crisp condition does not hold in this conversation is shown
 * dimmed with the reason, since Crisp would hide it. Every manifest text is escaped.
 */
export function renderWidgetPreview(
  widget: WidgetSpec | undefined,
  target: PreviewTarget,
  context: JsonObject,
): string {
  const body =
    widget === undefined
      ? `<p class="note">This plugin has no <code>widget:</code> in its manifest.</p>`
      : widget.url !== undefined
        ? `<p class="note">iFrame widget: Crisp shows <a href="${escape(widget.url)}">${escape(widget.url)}</a> here.</p>`
        : (widget.sections ?? []).map((section) => renderSection(section, context)).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Widget preview: ${escape(target.websiteName)}</title>
<link rel="stylesheet" href="/widget-preview/style.css">
<script src="/widget-preview/script.js" defer></script>
</head>
<body>
<main class="sidebar" data-website="${escape(target.websiteId)}" data-session="${escape(target.sessionId)}">
<header><h1>${escape(target.websiteName)}</h1><p>conversation ${escape(target.sessionId)}</p></header>
${body}
<p id="status" role="status"></p>
<section class="conversation"><h2>Conversation</h2><ul id="messages"></ul></section>
</main>
</body>
</html>
`;
}

function renderSection(section: WidgetSectionSpec, context: JsonObject): string {
  const hidden = hiddenReason(section.condition, context);
  return `<section class="widget-section${hidden ? " hidden" : ""}" data-section="${escape(section.id)}">
<h2>${escape(section.title)}</h2>${hidden ? `\n<p class="note">${escape(hidden)}</p>` : ""}
${section.items.map((item) => renderItem(section, item, context)).join("\n")}
</section>`;
}

function renderItem(section: WidgetSectionSpec, item: WidgetItemSpec, context: JsonObject): string {
  const hidden = hiddenReason(item.condition, context);
  const common = `data-item="${escape(item.id)}" data-section="${escape(section.id)}"${item.group ? ` data-group="${escape(item.group)}"` : ""}`;
  const note = hidden ? `<span class="note">${escape(hidden)}</span>` : "";
  if (item.type === "data") {
    const asks = (item.value ?? "") === "";
    const value = asks ? (item.placeholder ?? "…") : (item.value ?? "");
    const edit = item.editable
      ? `<input aria-label="${escape(item.label)}" ${item.immediate ? "data-immediate " : ""}${item.group ? `data-group="${escape(item.group)}" ` : ""}placeholder="${escape(item.placeholder ?? "")}">`
      : "";
    return `<div class="item data${hidden ? " hidden" : ""}" ${common}${asks ? " data-fetch" : ""}>
<span class="label">${item.icon ? `<span class="icon">${escape(item.icon)}</span> ` : ""}${escape(item.label)}</span>
<span class="value${asks ? " pending" : ""}">${escape(value)}</span>${edit}${note}
</div>`;
  }
  const color = `color-${item.color ?? "black"}`;
  if (item.kind === "link" || item.kind === "modal") {
    return `<div class="item${hidden ? " hidden" : ""}" ${common}><a class="button ${color}" href="${escape(linkUrl(item, context))}" target="_blank" rel="noopener">${escape(item.label)}</a>${note}</div>`;
  }
  return `<div class="item${hidden ? " hidden" : ""}" ${common}><button type="button" class="button ${color}" data-kind="${escape(item.kind ?? "hook")}">${escape(item.label)}</button>${note}</div>`;
}

/** A `link`/`modal` URL with its bindings filled and its `data` added to the query, as Crisp does. */
function linkUrl(item: WidgetItemSpec, context: JsonObject): string {
  const filled = fillBindings({ url: item.url ?? "", ...item.data }, context);
  const { url, ...data } = filled;
  try {
    const address = new URL(String(url));
    for (const [key, value] of Object.entries(data))
      address.searchParams.set(key, typeof value === "string" ? value : JSON.stringify(value));
    return address.toString();
  } catch {
    return String(url);
  }
}

/** Why Crisp would hide it here (its condition is empty in this conversation), or undefined. */
function hiddenReason(condition: string | undefined, context: JsonObject): string | undefined {
  if (condition === undefined) return undefined;
  const value = fillBindings({ condition }, context).condition;
  return value === "" ? `hidden in Crisp: ${condition} is empty in this conversation` : undefined;
}

/** Escapes text for HTML text and double-quoted attributes. */
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
