import type { TemplateContext } from "../templates/template-context.js";
import type { ConditionFailure } from "./condition-failure.js";

/**
 * A compiled condition, inside this folder. Evaluating builds no text unless the condition fails;
 * `explainHolds` exists for `not`, whose failure must say why the negated condition held.
 */
export interface ConditionNode {
  /** true when the condition holds, else where and why not. Never throws for any context. */
  evaluate(context: TemplateContext): true | ConditionFailure;
  /** Why it holds, in words; only meaningful after `evaluate` returned true. */
  explainHolds(context: TemplateContext): string;
}
