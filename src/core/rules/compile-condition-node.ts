import type { ConditionSpec } from "../manifest/manifest.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import { formatConditionFailure, type ConditionFailure } from "./condition-failure.js";
import type { ConditionNode } from "./condition-node.js";
import { compileTemplateCondition } from "./compile-template-condition.js";
import { compileTimeCondition } from "./compile-time-condition.js";
import { compileValueCondition } from "./compile-value-condition.js";
import { invalidCondition } from "./invalid-condition.js";

/**
 * Compiles one condition, or a list (which means all of them), into a {@link ConditionNode}.
 * `at` names it in failures; children get `at.all[0]`, `at.not`, `at[1]`...
 */
export function compileConditionNode(
  spec: ConditionSpec | readonly ConditionSpec[],
  env: TemplateEnvironment,
  at: string,
): ConditionNode {
  if (isList(spec)) return allOf(compileList(spec, env, at));
  if (typeof spec !== "object" || spec === null) throw invalidCondition(at, "expected a condition (a mapping)");
  if ("all" in spec) return allOf(compileList(spec.all, env, `${at}.all`));
  if ("any" in spec) return anyOf(compileList(spec.any, env, `${at}.any`), at);
  if ("not" in spec) return negate(compileConditionNode(spec.not, env, `${at}.not`), at);
  if ("template" in spec) return compileTemplateCondition(spec.template, env, at);
  if ("time" in spec) return compileTimeCondition(spec.time, env, at);
  if ("path" in spec) return compileValueCondition(spec, env, at);
  throw invalidCondition(at, "expected all, any, not, template, time, or path with one operator");
}

function compileList(specs: readonly ConditionSpec[], env: TemplateEnvironment, at: string): ConditionNode[] {
  if (!isList(specs)) throw invalidCondition(at, "expected a list of conditions");
  return specs.map((spec, index) => compileConditionNode(spec, env, `${at}[${index}]`));
}

function allOf(children: readonly ConditionNode[]): ConditionNode {
  return new AllOf(children);
}

// A class rather than an object of closures: every rule's list is evaluated by the same code.
// Stops at the first failure, which is the one reported: the others were not evaluated.
class AllOf implements ConditionNode {
  constructor(private readonly children: readonly ConditionNode[]) {}

  evaluate(context: TemplateContext): true | ConditionFailure {
    const { children } = this;
    for (let index = 0; index < children.length; index++) {
      const outcome = (children[index] as ConditionNode).evaluate(context);
      if (outcome !== true) return outcome;
    }
    return true;
  }

  explainHolds(context: TemplateContext): string {
    const { children } = this;
    return children.length === 0
      ? "the list is empty"
      : children.map((child) => child.explainHolds(context)).join(" and ");
  }
}

function anyOf(children: readonly ConditionNode[], at: string): ConditionNode {
  return {
    evaluate: (context) => {
      const failures: ConditionFailure[] = [];
      for (const child of children) {
        const outcome = child.evaluate(context);
        if (outcome === true) return true;
        failures.push(outcome);
      }
      const reasons = failures.length === 0 ? "the list is empty" : failures.map(formatConditionFailure).join("; ");
      return { at, reason: `none of these holds: ${reasons}` };
    },
    explainHolds: (context) => {
      const holding = children.find((child) => child.evaluate(context) === true);
      return holding === undefined ? "" : holding.explainHolds(context);
    },
  };
}

function negate(inner: ConditionNode, at: string): ConditionNode {
  return {
    evaluate: (context) =>
      inner.evaluate(context) === true ? { at, reason: `must not hold, but ${inner.explainHolds(context)}` } : true,
    explainHolds: (context) => {
      const outcome = inner.evaluate(context);
      return outcome === true ? "" : outcome.reason;
    },
  };
}

function isList(spec: unknown): spec is readonly ConditionSpec[] {
  return Array.isArray(spec);
}
