import { compileParams } from "../templates/compile-params.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import { invalidCondition } from "./invalid-condition.js";

/**
 * Compiles an operator's value: strings containing `{{` (alone or inside a list, for `in:`) are
 * templates rendered against the context at evaluation; anything else is returned as it is,
 * without copying.
 */
export function compileOperand(
  env: TemplateEnvironment,
  operand: unknown,
  at: string,
): (context: TemplateContext) => unknown {
  if (!hasTemplate(operand)) return () => operand;
  try {
    return compileParams(env, operand);
  } catch (error) {
    throw invalidCondition(at, error instanceof Error ? error.message : String(error), error);
  }
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === "string") return value.includes("{{");
  if (Array.isArray(value)) return value.some(hasTemplate);
  return false;
}
