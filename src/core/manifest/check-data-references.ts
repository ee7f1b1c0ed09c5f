import type { CheckContext } from "./check-context.js";
import type { DataShape } from "./data-shape.js";
import { dataShapeOf, FIXED_ROOTS, ROOT_NAMES, settingsShapeOf, stepResultShape } from "./data-roots.js";
import type { DataPath } from "./manifest-source.js";
import { createProblem, type Problem } from "./problem.js";
import type { ProblemCode } from "./problem-codes.js";
import { resolveDataPath } from "./resolve-data-path.js";
import { templatePaths } from "./template-paths.js";
import { suggest } from "./validate-schema.js";
import { isPlain, rawRules, rawSteps, stringsUnder, type Plain } from "./walk-rules.js";

const OPERANDS = ["equals", "not_equals", "in", "contains", "starts_with", "gt", "gte", "lt", "lte"] as const;

/** What the paths of one place in a rule may read. */
interface Scope {
  readonly events: readonly string[];
  readonly data: DataShape;
  readonly settings: DataShape;
  /** Steps before this place, by id, with their action. */
  readonly steps: ReadonlyMap<string, { shape: DataShape; action: string }>;
  /** Where this place is: a rule's conditions see no step. */
  readonly inRuleCondition: boolean;
}

/** A path read somewhere in the manifest, with where it is written. */
interface Reference {
  readonly path: string;
  readonly at: DataPath;
}

/**
 * Every path a template or a condition reads (`{{settings.greeting}}`, `path: data.content`),
 * checked against what is there: the settings the schema declares, the fields of the rule's
 * events (from crisp-api's types), the results of the earlier steps, and the roots templates see.
 * A setting read that is neither required nor given a default is a warning: it may be empty.
 * `hookReturns` gives the declared result schema of hooks, once they are loaded.
 */
export function checkDataReferences(context: CheckContext, hookReturns?: ReadonlyMap<string, unknown>): Problem[] {
  const settings = settingsShapeOf(context.data);
  const problems: Problem[] = [];
  const warned = new Set<string>();
  for (const rule of rawRules(context.data)) {
    const events = eventsOf(rule.rule);
    const base = { events, data: dataShapeOf(events), settings };
    let steps = new Map<string, { shape: DataShape; action: string }>();
    for (const reference of conditionReferences(rule.rule.if, [...rule.path, "if"])) {
      problems.push(...check(context, reference, { ...base, steps, inRuleCondition: true }, warned));
    }
    for (const step of rawSteps(rule)) {
      const scope: Scope = { ...base, steps, inRuleCondition: false };
      const references = [
        ...conditionReferences(step.step.if, [...step.path, "if"]),
        ...templateReferences(step.step.with, [...step.path, "with"]),
      ];
      for (const reference of references) problems.push(...check(context, reference, scope, warned));
      if (typeof step.step.id === "string") {
        steps = new Map(steps);
        const action = typeof step.step.action === "string" ? step.step.action : "?";
        steps.set(step.step.id, { shape: stepResultShape(step.step.action, hookReturns), action });
      }
    }
  }
  return problems;
}

function eventsOf(rule: Plain): string[] {
  const { on } = rule;
  if (typeof on === "string") return [on];
  return Array.isArray(on) ? on.filter((event): event is string => typeof event === "string") : [];
}

/** The paths read by conditions under `value`: `path:`, and templates in operands, `template:` and `timezone`. */
function conditionReferences(value: unknown, at: DataPath): Reference[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => conditionReferences(item, [...at, index]));
  if (!isPlain(value)) return [];
  const found: Reference[] = [];
  if (typeof value.path === "string") found.push({ path: value.path, at: [...at, "path"] });
  found.push(...templateReferences(value.template, [...at, "template"]));
  if (isPlain(value.time)) found.push(...templateReferences(value.time.timezone, [...at, "time", "timezone"]));
  for (const operand of OPERANDS) found.push(...templateReferences(value[operand], [...at, operand]));
  for (const key of ["all", "any", "not"] as const) found.push(...conditionReferences(value[key], [...at, key]));
  return found;
}

function templateReferences(value: unknown, at: DataPath): Reference[] {
  return stringsUnder(value, at)
    .filter(({ text }) => text.includes("{{"))
    .flatMap(({ text, path }) => templatePaths(text).map((found) => ({ path: found.path, at: path })));
}

function check(context: CheckContext, reference: Reference, scope: Scope, warned: Set<string>): Problem[] {
  const [root = "", ...rest] = reference.path.split(".");
  const position = context.source.locateWithin(reference.at, reference.path);
  const problem = (code: ProblemCode, message: string): Problem[] => [
    createProblem(context.source.file, position, code, message),
  ];
  if (!(ROOT_NAMES as readonly string[]).includes(root)) {
    return problem(
      "UNKNOWN_ROOT",
      `"${reference.path}" starts with "${root}", which templates and conditions do not see${suggest(root, ROOT_NAMES) || `; they see ${ROOT_NAMES.join(", ")}`}`,
    );
  }
  if (root === "steps") return checkStep(reference.path, rest, scope, problem);
  const shape =
    root === "data" ? scope.data : root === "settings" ? scope.settings : FIXED_ROOTS[root as keyof typeof FIXED_ROOTS];
  const miss = resolveDataPath(shape, rest);
  if (miss !== undefined) {
    const where = [root, ...rest.slice(0, miss.at)].join(".");
    const name = rest[miss.at] ?? "";
    const of = root === "data" ? ` of ${scope.events.join(" or ")}` : "";
    const what =
      miss.kind === "mapping"
        ? `${where}${of} has no field "${name}"`
        : `${where}${of} is ${miss.kind === "list" ? "a list" : "a plain value"}, without "${name}"`;
    const hint = suggest(name, miss.known);
    if (root === "settings" && miss.at === 0) {
      const declared = miss.known.length === 0 ? "none is" : miss.known.join(", ");
      return problem(
        "UNKNOWN_SETTING",
        `"${reference.path}": no setting "${name}" is declared under settings.properties${hint || ` (declared: ${declared})`}`,
      );
    }
    return problem(
      root === "settings" ? "UNKNOWN_SETTING" : "UNKNOWN_EVENT_FIELD",
      `"${reference.path}": ${what}${hint}`,
    );
  }
  if (root === "settings" && rest[0] !== undefined) return maybeEmpty(context, rest[0], reference, warned);
  return [];
}

function checkStep(
  path: string,
  rest: readonly string[],
  scope: Scope,
  problem: (code: ProblemCode, message: string) => Problem[],
): Problem[] {
  const [id, ...inside] = rest;
  if (id === undefined) return [];
  const step = scope.steps.get(id);
  if (step === undefined) {
    const before = scope.inRuleCondition
      ? "a rule's conditions are checked before any step runs"
      : `no step before this one has id "${id}"${suggest(id, [...scope.steps.keys()])}`;
    return problem("UNKNOWN_STEP", `"${path}": ${before}`);
  }
  const miss = resolveDataPath(step.shape, inside);
  if (miss === undefined) return [];
  const name = inside[miss.at] ?? "";
  const known = miss.known.length > 0 ? suggest(name, miss.known) || ` (it has ${miss.known.join(", ")})` : "";
  return problem("UNKNOWN_STEP", `"${path}": the result of ${step.action} has no field "${name}"${known}`);
}

/** A warning, once per setting, for a setting read that is neither required nor given a default. */
function maybeEmpty(context: CheckContext, name: string, reference: Reference, warned: Set<string>): Problem[] {
  const settings = context.data.settings;
  if (!isPlain(settings) || !isPlain(settings.properties) || warned.has(name)) return [];
  const property = settings.properties[name];
  const required = Array.isArray(settings.required) && settings.required.includes(name);
  if (!isPlain(property) || required || "default" in property) return [];
  warned.add(name);
  return [
    createProblem(
      context.source.file,
      context.source.locateWithin(reference.at, reference.path),
      "SETTING_MAY_BE_EMPTY",
      `settings.${name} is read here but is neither required nor given a default, so it may be empty: add it to settings.required or give it a default`,
    ),
  ];
}
