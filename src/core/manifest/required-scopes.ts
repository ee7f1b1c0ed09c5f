import { ACTIONS } from "../actions/catalog.js";
import { isRtmEvent } from "../crisp/rtm-events.js";
import { EVENT_ACCESS } from "../crisp/scope-catalog.js";
import { rawRules, rawSteps, type Plain } from "./walk-rules.js";
import type { ScopeUse } from "./scope-use.js";
import { widgetScopes } from "./widget-scopes.js";

/**
 * Every scope the rules need: to receive the events they listen to, and for the REST calls of
 * their actions. Hooks declare their own scopes and are added when hooks are loaded.
 */
export function requiredScopes(data: Plain): ScopeUse[] {
  return [...rulesScopes(data), ...widgetScopes(data)];
}

function rulesScopes(data: Plain): ScopeUse[] {
  return rawRules(data).flatMap((rule) => {
    const ruleId = typeof rule.rule.id === "string" ? rule.rule.id : `rules[${String(rule.path[1])}]`;
    const on = rule.rule.on;
    const events = typeof on === "string" ? [on] : Array.isArray(on) ? on : [];
    const fromEvents = events.flatMap((event: unknown, index): ScopeUse[] => {
      if (typeof event !== "string" || !isRtmEvent(event)) return [];
      const access = EVENT_ACCESS[event];
      if (typeof access === "string") return [];
      const path = typeof on === "string" ? [...rule.path, "on"] : [...rule.path, "on", index];
      return [{ ...access, ruleId, reason: `event ${event}`, path }];
    });
    const fromActions = rawSteps(rule).flatMap((step): ScopeUse[] => {
      const action = typeof step.step.action === "string" ? ACTIONS.get(step.step.action) : undefined;
      if (action === undefined) return [];
      const path = [...step.path, "action"];
      return action.needs.map((need) => ({ ...need, ruleId, reason: `action ${action.name}`, path }));
    });
    return [...fromEvents, ...fromActions];
  });
}
