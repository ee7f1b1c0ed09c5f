import { createTemplateEnvironment, type TemplateEnvironment } from "../templates/create-template-environment.js";
import { problemAt, type CheckContext } from "./check-context.js";
import type { DataPath } from "./manifest-source.js";
import type { Problem } from "./problem.js";
import { isPlain, rawConditions, rawRules, rawSteps, stringsUnder } from "./walk-rules.js";

const OPERANDS = ["equals", "not_equals", "in", "contains", "starts_with", "gt", "gte", "lt", "lte"] as const;

/** Handlebars syntax errors in every string that is rendered as a template. */
export function checkTemplates(context: CheckContext): Problem[] {
  return templateStrings(context).flatMap(({ text, path }) => {
    const error = templateSyntaxError(text);
    return error === undefined ? [] : [problemAt(context, path, "TEMPLATE_SYNTAX", error)];
  });
}

/** The strings of a manifest that are Handlebars templates: step parameters and condition values. */
export function templateStrings(context: CheckContext): { text: string; path: DataPath }[] {
  const found: { text: string; path: DataPath }[] = [];
  for (const rule of rawRules(context.data)) {
    for (const step of rawSteps(rule)) found.push(...stringsUnder(step.step.with, [...step.path, "with"]));
    for (const { condition, path } of rawConditions(rule)) {
      found.push(...stringsUnder(condition.template, [...path, "template"]));
      if (isPlain(condition.time)) found.push(...stringsUnder(condition.time.timezone, [...path, "time", "timezone"]));
      for (const operand of OPERANDS) found.push(...stringsUnder(condition[operand], [...path, operand]));
    }
  }
  return found.filter(({ text }) => text.includes("{{"));
}

let environment: TemplateEnvironment | undefined;

/**
 * Why a template cannot be used, in one line, or undefined when it compiles. It is compiled by the
 * same environment the engine uses, so unknown helpers, partials and misused block helpers are
 * reported here with a position rather than when the plugin starts.
 */
export function templateSyntaxError(text: string): string | undefined {
  environment ??= createTemplateEnvironment();
  try {
    environment.compile(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
