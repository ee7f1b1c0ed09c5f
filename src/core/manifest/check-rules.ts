import { ACTIONS, HOOK_PREFIX } from "../actions/catalog.js";
import { isRtmEvent } from "../crisp/rtm-events.js";
import { isWidgetEvent } from "../engine/widget-events.js";
import { EVENT_ACCESS, PLUGIN_EVENTS } from "../crisp/scope-catalog.js";
import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";
import { suggest } from "./validate-schema.js";
import { rawRules, rawSteps } from "./walk-rules.js";

const ACTION_NAMES = [...ACTIONS.keys()];

/** Unknown or user-tier-only events, unknown actions, duplicate rule and step ids. */
export function checkRules(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const ruleIds = new Map<string, number>();
  for (const rule of rawRules(context.data)) {
    const { id } = rule.rule;
    if (typeof id === "string") {
      const first = ruleIds.get(id);
      if (first === undefined) ruleIds.set(id, Number(rule.path[1]));
      else
        problems.push(
          problemAt(
            context,
            [...rule.path, "id"],
            "DUPLICATE_RULE_ID",
            `rule id "${id}" is already used by rules[${first}]`,
          ),
        );
    }
    problems.push(...checkEvents(context, rule.rule.on, [...rule.path, "on"]));
    const stepIds = new Set<string>();
    for (const step of rawSteps(rule)) {
      const { action, id: stepId } = step.step;
      if (typeof action === "string" && !ACTIONS.has(action) && !isHookAction(action)) {
        problems.push(
          problemAt(
            context,
            [...step.path, "action"],
            "UNKNOWN_ACTION",
            `"${action}" is not an action${suggest(action, ACTION_NAMES)}`,
          ),
        );
      }
      if (action === "delay") problems.push(...checkCancelOn(context, step.step.with, step.path));
      if (typeof stepId !== "string") continue;
      if (stepIds.has(stepId)) {
        problems.push(
          problemAt(
            context,
            [...step.path, "id"],
            "DUPLICATE_STEP_ID",
            `step id "${stepId}" is used twice in rule "${String(id)}"`,
          ),
        );
      }
      stepIds.add(stepId);
    }
  }
  return problems;
}

/** `delay` steps: the `cancel_on` events are Crisp events a plugin receives. */
function checkCancelOn(context: CheckContext, params: unknown, path: readonly (string | number)[]): Problem[] {
  if (typeof params !== "object" || params === null) return [];
  const cancelOn = (params as { cancel_on?: unknown }).cancel_on;
  return Array.isArray(cancelOn) ? checkEvents(context, cancelOn, [...path, "with", "cancel_on"]) : [];
}

/** Whether an action names a hook: `hook:<identifier>`. */
export function isHookAction(action: string): boolean {
  return action.startsWith(HOOK_PREFIX) && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(action.slice(HOOK_PREFIX.length));
}

function checkEvents(context: CheckContext, on: unknown, path: readonly (string | number)[]): Problem[] {
  const events =
    typeof on === "string"
      ? [{ name: on, path }]
      : Array.isArray(on)
        ? on.map((name: unknown, index) => ({ name, path: [...path, index] }))
        : [];
  return events.flatMap(({ name, path: at }) => {
    if (typeof name !== "string" || isWidgetEvent(name)) return [];
    if (!isRtmEvent(name)) {
      return [problemAt(context, at, "UNKNOWN_EVENT", `"${name}" is not a Crisp event${suggest(name, PLUGIN_EVENTS)}`)];
    }
    if (EVENT_ACCESS[name] === "user-tier-only") {
      return [
        problemAt(
          context,
          at,
          "EVENT_NOT_FOR_PLUGINS",
          `"${name}" is only sent to user-tier tokens, never to a plugin`,
        ),
      ];
    }
    return [];
  });
}
