import Handlebars from "handlebars";
import { problemAt, type CheckContext } from "./check-context.js";
import type { DataPath } from "./manifest-source.js";
import type { Problem } from "./problem.js";
import { isPlain, rawConditions, rawRules, rawSteps, stringsUnder } from "./walk-rules.js";

const OPERANDS = ["equals", "not_equals", "in", "contains", "starts_with"] as const;

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

/** The parse error of a template, in one line, or undefined when it parses. */
export function templateSyntaxError(text: string): string | undefined {
  try {
    Handlebars.parse(text);
    return undefined;
  } catch (error) {
    return describeParseError(error, text);
  }
}

function describeParseError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const where = /Parse error on line (\d+)/.exec(message);
  const expecting = /Expecting (.+), got (.+)$/m.exec(message);
  const excerpt = JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
  if (where && expecting) {
    return `template ${excerpt} does not parse (line ${where[1]} of the template: expected ${expecting[1]}, got ${expecting[2]})`;
  }
  return `template ${excerpt} does not parse: ${message.split("\n")[0] ?? message}`;
}
