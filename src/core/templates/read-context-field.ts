import type { TemplateContext } from "./template-context.js";

/** The fields of a template context, numbered for {@link readContextField}. */
export const CONTEXT_FIELDS: readonly (keyof TemplateContext)[] = [
  "event",
  "data",
  "website",
  "settings",
  "plugin",
  "steps",
  "now",
];

/**
 * The context's field number `field` (its place in {@link CONTEXT_FIELDS}). Readers of paths
 * switch on a number once split, rather than look a name up for every event: the fields are the
 * context's own, so they need no own-property check (what is read inside them does).
 */
export function readContextField(context: TemplateContext, field: number): unknown {
  switch (field) {
    case 0:
      return context.event;
    case 1:
      return context.data;
    case 2:
      return context.website;
    case 3:
      return context.settings;
    case 4:
      return context.plugin;
    case 5:
      return context.steps;
    default:
      return context.now;
  }
}
