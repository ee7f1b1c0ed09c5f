import type { Template, TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";
import { describeValue } from "./describe-value.js";
import type { ConditionNode } from "./condition-node.js";
import { invalidCondition } from "./invalid-condition.js";

// What a template renders when it means "no". Compared trimmed and ignoring case.
const FALSY: ReadonlySet<string> = new Set(["", "false", "0", "null", "undefined"]);

/**
 * Compiles `{ template: "..." }`: holds when the rendered text, trimmed, is not "", "false", "0",
 * "null" or "undefined" (in any case), so that `{{eq a b}}`, `{{data.count}}` and
 * `{{#if x}}yes{{/if}}` all read naturally.
 */
export function compileTemplateCondition(source: string, env: TemplateEnvironment, at: string): ConditionNode {
  if (typeof source !== "string") throw invalidCondition(at, "template must be a string");
  const template = compileOrExplain(env, source, `${at}.template`);
  const render = (context: TemplateContext): string => template(context).trim();
  const explain = (rendered: string): string => `template ${describeValue(source)} rendered ${describeValue(rendered)}`;
  return {
    evaluate: (context) => {
      const rendered = render(context);
      return FALSY.has(rendered.toLowerCase()) ? { at, reason: explain(rendered) } : true;
    },
    explainHolds: (context) => explain(render(context)),
  };
}

function compileOrExplain(env: TemplateEnvironment, source: string, at: string): Template {
  try {
    return env.compile(source);
  } catch (error) {
    throw invalidCondition(at, error instanceof Error ? error.message : String(error), error);
  }
}
