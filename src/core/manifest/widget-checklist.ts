import type { ChecklistItem } from "./checklist-item.js";
import type { Manifest } from "./manifest.js";
import { widgetItems } from "./widget-spec.js";

/**
 * The widget's lines of the submission checklist: what to paste in the Marketplace, and, for a
 * Generic widget, the Action URL to set (the runtime answers it on `POST /widget`).
 */
export function widgetChecklist(manifest: Manifest): ChecklistItem[] {
  const { widget } = manifest;
  if (widget === undefined) return [];
  if (widget.url !== undefined) {
    return [
      {
        label: "widget",
        kind: "listing",
        detail: `iFrame widget ${widget.url}; paste \`crisp-plugin widget-schema\` in Marketplace → Settings → Widget`,
      },
    ];
  }
  const sections = widget.sections?.length ?? 0;
  const items = widgetItems(widget).length;
  return [
    {
      label: "widget",
      kind: "listing",
      detail: `Generic widget, ${sections} section(s) and ${items} item(s); paste \`crisp-plugin widget-schema\` in Marketplace → Settings → Widget`,
    },
    {
      label: "Action URL",
      kind: "listing",
      detail:
        "set it in Marketplace → Settings to https://<your host>/widget, where `crisp-plugin run` answers the widget",
    },
  ];
}
