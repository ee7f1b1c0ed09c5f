import type { ConditionSpec } from "../../src/core/manifest/manifest.js";
import { compileCondition } from "../../src/core/rules/compile-condition.js";
import { formatConditionFailure } from "../../src/core/rules/condition-failure.js";
import { createTemplateEnvironment } from "../../src/core/templates/create-template-environment.js";
import type { TemplateContext } from "../../src/core/templates/template-context.js";
import { makeContext } from "../templates/make-context.js";

const env = createTemplateEnvironment();

/**
 * Compiles `spec` at `rules[0].if` and evaluates it on the default context with `parts` replaced:
 * true, or the failure as one line.
 */
export function checkCondition(
  spec: ConditionSpec | readonly ConditionSpec[],
  parts: Partial<TemplateContext> = {},
): true | string {
  const outcome = compileCondition(spec, env, "rules[0].if")(makeContext(parts));
  return outcome === true ? true : formatConditionFailure(outcome);
}
