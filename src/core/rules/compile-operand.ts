import { compileParams } from "../templates/compile-params.js";
import type { TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import { invalidCondition } from "./invalid-condition.js";

/**
 * An operator's value, prepared at load: a constant, or (when it holds `{{`) a render of the
 * context. Kept apart so that a constant costs no call at evaluation.
 */
export interface Operand {
  readonly constant: unknown;
  readonly render: ((context: TemplateContext) => unknown) | undefined;
}

/**
 * Compiles an operator's value: strings containing `{{` (alone or inside a list, for `in:`) are
 * templates rendered against the context at evaluation; anything else is kept as it is, without
 * copying.
 */
export function compileOperand(env: TemplateEnvironment, operand: unknown, at: string): Operand {
  if (!hasTemplate(operand)) return { constant: operand, render: undefined };
  try {
    return { constant: undefined, render: compileParams(env, operand) };
  } catch (error) {
    throw invalidCondition(at, error instanceof Error ? error.message : String(error), error);
  }
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === "string") return value.includes("{{");
  if (Array.isArray(value)) return value.some(hasTemplate);
  return false;
}
