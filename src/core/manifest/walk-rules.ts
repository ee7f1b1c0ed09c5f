import type { DataPath } from "./manifest-source.js";

/** A plain object from parsed YAML. */
export type Plain = Record<string, unknown>;

/** Whether a parsed YAML value is a mapping. */
export function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A rule as found in the raw data (not yet known to be valid), with its path. */
export interface RawRule {
  readonly rule: Plain;
  readonly path: DataPath;
}

/** A step as found in the raw data, with its path and its rule. */
export interface RawStep {
  readonly step: Plain;
  readonly path: DataPath;
  readonly rule: RawRule;
}

/** A condition mapping as found in the raw data, with its path. */
export interface RawCondition {
  readonly condition: Plain;
  readonly path: DataPath;
}

/** The rules of raw manifest data that are mappings, whatever else is wrong with them. */
export function rawRules(data: Plain): RawRule[] {
  const rules = Array.isArray(data.rules) ? (data.rules as unknown[]) : [];
  return rules.flatMap((rule, index) => (isPlain(rule) ? [{ rule, path: ["rules", index] }] : []));
}

/** The steps of a raw rule that are mappings. */
export function rawSteps(rule: RawRule): RawStep[] {
  const steps = Array.isArray(rule.rule.do) ? (rule.rule.do as unknown[]) : [];
  return steps.flatMap((step, index) => (isPlain(step) ? [{ step, path: [...rule.path, "do", index], rule }] : []));
}

/** Every condition mapping under a rule's `if:` and its steps' `if:`, nested ones included. */
export function rawConditions(rule: RawRule): RawCondition[] {
  const found: RawCondition[] = [];
  const visit = (value: unknown, path: DataPath): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (!isPlain(value)) return;
    found.push({ condition: value, path });
    for (const key of ["all", "any", "not"] as const) {
      if (key in value) visit(value[key], [...path, key]);
    }
  };
  visit(rule.rule.if, [...rule.path, "if"]);
  for (const step of rawSteps(rule)) visit(step.step.if, [...step.path, "if"]);
  return found;
}

/** Every string under `value`, with its path: the candidates for templates. */
export function stringsUnder(value: unknown, path: DataPath): { text: string; path: DataPath }[] {
  if (typeof value === "string") return [{ text: value, path }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsUnder(item, [...path, index]));
  if (isPlain(value)) return Object.entries(value).flatMap(([key, item]) => stringsUnder(item, [...path, key]));
  return [];
}
