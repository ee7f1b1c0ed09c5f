import type { ScopeUse } from "./scope-use.js";
import type { Plain } from "./walk-rules.js";
import { bindingScope, rawWidget, widgetBindings } from "./widget-bindings.js";

/**
 * The read scopes the widget's bindings need: Crisp fills a binding only with what the token may
 * read (crisp-platform.md §4.5), so `{conversation.people_id}` needs `website:people:profiles`.
 */
export function widgetScopes(data: Plain): ScopeUse[] {
  return widgetBindings(rawWidget(data)).flatMap(({ text, paths, path }) =>
    paths.flatMap((binding): ScopeUse[] => {
      const need = bindingScope(binding);
      return need === undefined
        ? []
        : [{ ...need, ruleId: "widget", owner: "the widget", reason: `binding ${text}`, path }];
    }),
  );
}
