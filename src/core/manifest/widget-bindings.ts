import type { ScopeNeed } from "../crisp/scope-catalog.js";
import type { DataPath } from "./manifest-source.js";
import { isPlain, stringsUnder, type Plain } from "./walk-rules.js";

/** One `{...}` binding found in a widget string, split into the paths it reads. */
export interface WidgetBinding {
  /** The binding as written, braces included. */
  readonly text: string;
  /** The dotted paths it reads (`a || b` reads two). */
  readonly paths: readonly string[];
  /** Where the string holding it is. */
  readonly path: DataPath;
}

/** The roots a Crisp binding may read. */
export const BINDING_ROOTS = ["conversation", "operator"] as const;

const BINDING = /\{([^{}]+)\}/g;
const BINDING_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/**
 * The bindings of a raw `widget:` (not yet known to be valid): in item `data` values, button `url`s
 * and section and item `condition`s, where Crisp fills them. `{{` (Handlebars) is not a binding
 * and is left to the template check.
 */
export function widgetBindings(widget: unknown): WidgetBinding[] {
  const found: WidgetBinding[] = [];
  for (const { text, path } of bindingStrings(widget)) {
    for (const match of text.replace(/\{\{[^}]*\}\}/g, "").matchAll(BINDING)) {
      const paths = (match[1] ?? "").split("||").map((part) => part.trim());
      found.push({ text: match[0], paths, path });
    }
  }
  return found;
}

/** Whether a binding path reads something Crisp fills (`conversation.…`, `operator.…`). */
export function isKnownBindingPath(path: string): boolean {
  if (!BINDING_PATH.test(path)) return false;
  const root = path.split(".")[0] ?? "";
  return (BINDING_ROOTS as readonly string[]).includes(root);
}

/** The strings of a raw widget in which Crisp fills bindings, with their paths. */
function bindingStrings(widget: unknown): { text: string; path: DataPath }[] {
  if (!isPlain(widget) || !Array.isArray(widget.sections)) return [];
  const found: { text: string; path: DataPath }[] = [];
  (widget.sections as unknown[]).forEach((section, sectionIndex) => {
    if (!isPlain(section)) return;
    const base: DataPath = ["widget", "sections", sectionIndex];
    found.push(...stringsUnder(section.condition, [...base, "condition"]));
    const items = Array.isArray(section.items) ? (section.items as unknown[]) : [];
    items.forEach((item, itemIndex) => {
      if (!isPlain(item)) return;
      const at: DataPath = [...base, "items", itemIndex];
      for (const key of ["condition", "url", "data"] as const) found.push(...stringsUnder(item[key], [...at, key]));
    });
  });
  return found;
}

const SESSIONS: ScopeNeed = { scope: "website:conversation:sessions", access: "read" };

/**
 * What a binding may read depends on the token's read scopes (crisp-platform.md §4.5, Crisp's
 * widget data-access guide): conversation fields by the scope that grants them, any other
 * conversation field by `website:conversation:sessions`, and operator fields by `website:operators`.
 */
const CONVERSATION_FIELDS: Readonly<Record<string, ScopeNeed>> = {
  people_id: { scope: "website:people:profiles", access: "read" },
  contact_data: { scope: "website:people:data", access: "read" },
  state: { scope: "website:conversation:states", access: "read" },
  status: { scope: "website:conversation:states", access: "read" },
  participants: { scope: "website:conversation:participants", access: "read" },
  messages: { scope: "website:conversation:messages", access: "read" },
  last_message: { scope: "website:conversation:messages", access: "read" },
  unread: { scope: "website:conversation:messages", access: "read" },
  in_call: { scope: "website:conversation:calls", access: "read" },
  assigned: { scope: "website:conversation:routing", access: "read" },
};

/** The scope a binding path needs on the production token, or undefined for an unknown root. */
export function bindingScope(path: string): ScopeNeed | undefined {
  const [root, field = ""] = path.split(".");
  if (root === "operator") return { scope: "website:operators", access: "read" };
  if (root !== "conversation") return undefined;
  return Object.hasOwn(CONVERSATION_FIELDS, field) ? CONVERSATION_FIELDS[field] : SESSIONS;
}

/** The raw `widget:` of manifest data, when it is a mapping. */
export function rawWidget(data: Plain): Plain | undefined {
  return isPlain(data.widget) ? data.widget : undefined;
}
