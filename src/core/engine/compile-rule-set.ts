import { ACTIONS, HOOK_PREFIX } from "../actions/catalog.js";
import type { ActionDefinition } from "../actions/define-action.js";
import type { ValidateFunction } from "ajv";
import { createAjv } from "../manifest/create-ajv.js";
import type { GuardScope, Manifest, RuleSpec, StepSpec } from "../manifest/manifest.js";
import { ruleEvents } from "../manifest/manifest.js";
import { compileCondition, type CompiledCondition } from "../rules/compile-condition.js";
import { compileParams } from "../templates/compile-params.js";
import { parseDuration } from "../time/parse-duration.js";
import { createTemplateEnvironment, type TemplateEnvironment } from "../templates/create-template-environment.js";
import type { TemplateContext } from "../templates/template-context.js";

/** A step ready to run: its action resolved and its parameters pre-compiled. */
export interface CompiledStep {
  readonly index: number;
  readonly id?: string;
  /** The action name as written (`send_message`, `hook:notifyTeam`). */
  readonly action: string;
  /** The built-in action, or undefined for a hook. */
  readonly definition?: ActionDefinition;
  /** The hook name, for `hook:<name>` steps. */
  readonly hook?: string;
  readonly render: (context: TemplateContext) => unknown;
  readonly condition?: CompiledCondition;
  readonly continueOnError: boolean;
}

/** A rule ready to run. */
export interface CompiledRule {
  /** Position in the manifest, which is the order rules run in. */
  readonly index: number;
  readonly id: string;
  readonly events: readonly string[];
  readonly enabled: boolean;
  readonly includeOwnEvents: boolean;
  readonly condition?: CompiledCondition;
  /** `once` and `cooldown`, checked in the store after the conditions hold. */
  readonly guards: readonly RuleGuard[];
  readonly steps: readonly CompiledStep[];
}

/** A rule guard: `once` (for ever) or `cooldown` (for `ms`), per conversation, visitor or website. */
export interface RuleGuard {
  readonly kind: "once" | "cooldown";
  readonly per: GuardScope;
  /** How long the guard holds; `null` for `once`. */
  readonly ms: number | null;
}

/** A manifest's rules, compiled once, indexed by the event they listen to. */
export interface RuleSet {
  readonly manifest: Manifest;
  /** The plugin as templates see it. */
  readonly plugin: { readonly urn: string; readonly name: string };
  readonly rules: readonly CompiledRule[];
  /** The rules listening to each event, in file order: the only ones an event looks at. */
  readonly byEvent: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Every event some enabled rule listens to. */
  readonly events: ReadonlySet<string>;
}

/**
 * Rule sets compiled with their own template environment, by manifest object: a loaded manifest is
 * never changed, and validating it (`compileProblems`) compiles what the runtime then runs, so a
 * load or hot reload compiles its rules once. Forgotten with the manifest.
 */
const compiled = new WeakMap<Manifest, RuleSet>();

/**
 * Compiles a valid manifest's rules: conditions, templates and parameters once, so that handling
 * an event only evaluates. Throws when a template or condition cannot compile (the validator
 * reports those first, with positions). Without `env`, in a template environment of its own, and
 * once per manifest object (the same rule set again for the same object).
 */
export function compileRuleSet(manifest: Manifest, env?: TemplateEnvironment): RuleSet {
  if (env !== undefined) return compileWith(manifest, env);
  const known = compiled.get(manifest);
  if (known !== undefined) return known;
  const ruleSet = compileWith(manifest, createTemplateEnvironment());
  compiled.set(manifest, ruleSet);
  return ruleSet;
}

function compileWith(manifest: Manifest, env: TemplateEnvironment): RuleSet {
  const rules = manifest.rules.map((rule, index) => compileRule(rule, index, env));
  const byEvent = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const event of rule.events) byEvent.set(event, [...(byEvent.get(event) ?? []), rule]);
  }
  const plugin = Object.freeze({ urn: manifest.plugin.urn, name: manifest.plugin.name });
  return { manifest, plugin, rules, byEvent, events: new Set(byEvent.keys()) };
}

function compileRule(rule: RuleSpec, index: number, env: TemplateEnvironment): CompiledRule {
  const at = `rules[${index}]`;
  return {
    index,
    id: rule.id,
    events: ruleEvents(rule),
    enabled: rule.enabled,
    includeOwnEvents: rule.include_own_events,
    guards: compileGuards(rule),
    ...(rule.if === undefined ? {} : { condition: compileCondition(rule.if, env, `${at}.if`) }),
    steps: rule.do.map((step, stepIndex) => compileStep(step, stepIndex, env, `${at}.do[${stepIndex}]`)),
  };
}

function compileGuards(rule: RuleSpec): RuleGuard[] {
  const guards: RuleGuard[] = [];
  if (rule.cooldown !== undefined) {
    const ms = parseDuration(rule.cooldown.for);
    if (ms === undefined) throw new Error(`rule ${rule.id}: cooldown.for "${rule.cooldown.for}" is not a duration`);
    guards.push({ kind: "cooldown", per: rule.cooldown.per, ms });
  }
  if (rule.once !== undefined) guards.push({ kind: "once", per: rule.once, ms: null });
  return guards;
}

function compileStep(step: StepSpec, index: number, env: TemplateEnvironment, at: string): CompiledStep {
  const hook = step.action.startsWith(HOOK_PREFIX) ? step.action.slice(HOOK_PREFIX.length) : undefined;
  const definition = ACTIONS.get(step.action);
  if (hook === undefined && definition === undefined) throw new Error(`${at}: unknown action ${step.action}`);
  return {
    index,
    ...(step.id === undefined ? {} : { id: step.id }),
    action: step.action,
    ...(definition === undefined ? {} : { definition }),
    ...(hook === undefined ? {} : { hook }),
    render: compileParams(env, definition ? withDefaults(definition, step.with ?? {}) : (step.with ?? {}), {
      urlParams: definition?.urlParams ?? [],
    }),
    ...(step.if === undefined ? {} : { condition: compileCondition(step.if, env, `${at}.if`) }),
    continueOnError: step.continue_on_error,
  };
}

const ajv = createAjv({ useDefaults: true });
const paramValidators = new Map<string, ValidateFunction>();

/**
 * The step's parameters with the action's schema defaults filled in (`stop` without `with:` is
 * `{ rules: false }`), once, at compile time. The manifest was validated already, so only the
 * defaults matter here.
 */
function withDefaults(
  definition: ActionDefinition,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  let validate = paramValidators.get(definition.name);
  if (validate === undefined) {
    validate = ajv.compile(definition.params);
    paramValidators.set(definition.name, validate);
  }
  const copy = structuredClone(params) as Record<string, unknown>;
  validate(copy);
  return copy;
}
