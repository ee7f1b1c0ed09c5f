import { ACTIONS } from "../actions/catalog.js";
import { isRtmEvent } from "../crisp/rtm-events.js";
import { isWidgetEvent } from "../engine/widget-events.js";
import { PLUGIN_EVENTS } from "../crisp/scope-catalog.js";
import { problemAt, type CheckContext } from "./check-context.js";
import { isHookAction } from "./check-rules.js";
import type { DataPath } from "./manifest-source.js";
import type { Problem } from "./problem.js";
import { suggest } from "./validate-schema.js";
import { isPlain, rawRules, rawSteps, type Plain } from "./walk-rules.js";

const ACTION_NAMES = [...ACTIONS.keys()];

/**
 * What the schema cannot see in `tests:`: events that Crisp never sends, expected actions that do
 * not exist, and expected rules that no rule id names. Any of them would make a test fail (or pass)
 * for a reason unrelated to the rules, so they are reported at their position, like the rules' own.
 */
export function checkTests(context: CheckContext): Problem[] {
  const ruleIds = rawRules(context.data).flatMap(({ rule }) => (typeof rule.id === "string" ? [rule.id] : []));
  const mockable = mockableStepIds(context.data);
  return plainItems(context.data.tests, ["tests"]).flatMap(({ item: test, path }) => [
    ...plainItems(test.mocks, [...path, "mocks"]).flatMap(({ item, path: at }) =>
      checkMock(context, item, at, mockable),
    ),
    ...plainItems(test.events, [...path, "events"]).flatMap(({ item: event, path: eventPath }) => [
      ...checkEvent(context, event, eventPath),
      ...plainItems(event.expect, [...eventPath, "expect"]).flatMap(({ item, path: at }) =>
        checkExpectation(context, item, at, ruleIds),
      ),
    ]),
  ]);
}

/** The ids of the steps a mock can answer: hook, `http` and read steps (`get_conversation`...). */
function mockableStepIds(data: Plain): string[] {
  return rawRules(data).flatMap((rule) =>
    rawSteps(rule).flatMap(({ step }) =>
      typeof step.id === "string" &&
      typeof step.action === "string" &&
      (step.action === "http" || isHookAction(step.action) || ACTIONS.get(step.action)?.readOnly === true)
        ? [step.id]
        : [],
    ),
  );
}

/** A mock by step id must name a hook, `http` or read step: any other never reads it, and the test would pass by luck. */
function checkMock(context: CheckContext, mock: Plain, path: DataPath, mockable: string[]): Problem[] {
  if (typeof mock.step !== "string" || mockable.includes(mock.step)) return [];
  const message = `"${mock.step}" is not the id of a hook, http or read step; only those are mocked${suggest(mock.step, mockable)}`;
  return [problemAt(context, [...path, "step"], "INVALID_VALUE", message)];
}

/** The mappings of a list in raw data, with their paths; anything else the schema reports. */
function plainItems(list: unknown, path: DataPath): { item: Plain; path: DataPath }[] {
  if (!Array.isArray(list)) return [];
  return (list as unknown[]).flatMap((item, index) => (isPlain(item) ? [{ item, path: [...path, index] }] : []));
}

function checkEvent(context: CheckContext, event: Plain, path: DataPath): Problem[] {
  const name = event.event;
  if (typeof name !== "string" || isRtmEvent(name) || isWidgetEvent(name)) return [];
  const message = `"${name}" is not a Crisp event${suggest(name, PLUGIN_EVENTS)}`;
  return [problemAt(context, [...path, "event"], "UNKNOWN_EVENT", message)];
}

function checkExpectation(context: CheckContext, expectation: Plain, path: DataPath, ruleIds: string[]): Problem[] {
  const problems: Problem[] = [];
  const { action, rule } = expectation;
  if (typeof action === "string" && !ACTIONS.has(action) && !isHookAction(action)) {
    const message = `"${action}" is not an action${suggest(action, ACTION_NAMES)}`;
    problems.push(problemAt(context, [...path, "action"], "UNKNOWN_ACTION", message));
  }
  if (typeof rule === "string" && !ruleIds.includes(rule)) {
    const message = `"${rule}" is not the id of a rule${suggest(rule, ruleIds)}`;
    problems.push(problemAt(context, [...path, "rule"], "UNKNOWN_RULE", message));
  }
  return problems;
}
