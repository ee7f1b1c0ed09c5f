import type { ConditionSpec } from "../manifest/manifest.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import type { ConditionFailure } from "./condition-failure.js";
import { compileConditionNode } from "./compile-condition-node.js";

/** A compiled condition: true when it holds, else which condition stopped it and why. */
export type CompiledCondition = (context: TemplateContext) => true | ConditionFailure;

/**
 * Compiles a rule's or a step's `if:` once: paths are split, templates compiled, regular
 * expressions built and checked, constant timezones validated. Evaluation then only reads and
 * compares, and never throws: an unexpected error becomes a failure of the whole condition.
 *
 * @param spec - one condition, or a list meaning all of them.
 * @param env - the environment that compiles templated operands.
 * @param at - where the condition is, for failures and errors: `rules[0].if`.
 * @throws KitError (`MANIFEST_INVALID`) when the condition is malformed, a template does not
 *   compile, or a pattern is invalid or can backtrack catastrophically.
 */
export function compileCondition(
  spec: ConditionSpec | readonly ConditionSpec[],
  env: TemplateEnvironment,
  at: string,
): CompiledCondition {
  const node = compileConditionNode(spec, env, at);
  return (context) => {
    try {
      return node.evaluate(context);
    } catch (error) {
      return { at, reason: `could not be evaluated: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
