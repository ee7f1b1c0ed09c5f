import { isStopSignal, type ActionContext } from "../actions/action-context.js";
import type { CrispRest } from "../crisp/crisp-rest.js";
import { KitError } from "../errors/kit-error.js";
import type { Logger } from "../observability/logger.js";
import { formatConditionFailure } from "../rules/condition-failure.js";
import type { TemplateContext } from "../templates/template-context.js";
import type { CompiledRule, CompiledStep, RuleSet } from "./compile-rule-set.js";
import type { CrispEvent } from "./crisp-event.js";
import { RuleDecision, type DecisionRecord, type StepDecision } from "./decision-record.js";
import type { HookRunner } from "./hook-runner.js";

/** A subscribed website, as the rules see it. */
export interface WebsiteContext {
  readonly id: string;
  /** Its settings, validated, defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** What running steps needs from the outside world; every piece is injectable. */
export interface EngineDeps {
  /** Crisp REST calls, already limited to the declared scopes. */
  readonly crisp: CrispRest;
  readonly log: Logger;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  readonly hooks?: HookRunner;
  /**
   * `"run"` runs actions; `"record"` only renders their parameters (simulate, tests): no REST call,
   * no HTTP request, no hook.
   */
  readonly mode: "run" | "record";
}

/**
 * Runs one event through a rule set: the rules listening to it, in file order; for each, the loop
 * guard, its conditions, then its steps in order. A failing step stops its rule (unless
 * `continue_on_error`), never the other rules. Resolves with the decision record; never rejects.
 */
export async function handleEvent(
  ruleSet: RuleSet,
  event: CrispEvent,
  website: WebsiteContext,
  deps: EngineDeps,
  options: { explainAll?: boolean } = {},
): Promise<DecisionRecord> {
  const listening = ruleSet.byEvent.get(event.name) ?? [];
  const { plugin } = ruleSet;
  const ownEvent = event.data.origin === plugin.urn;
  const eventInfo =
    event.session_id === undefined
      ? { name: event.name, website_id: event.website_id, timestamp: event.timestamp }
      : { name: event.name, website_id: event.website_id, session_id: event.session_id, timestamp: event.timestamp };
  const record: DecisionRecord = { event: eventInfo, rules: [] };
  // Rule conditions see no step results; one context serves every rule of the event.
  const context: TemplateContext = {
    event: eventInfo,
    data: event.data,
    website: { id: website.id },
    settings: website.settings,
    plugin,
    steps: NO_STEPS,
    now: deps.now().toISOString(),
  };
  let stopped = false;
  const candidates = options.explainAll ? ruleSet.rules : listening;
  for (const rule of candidates) {
    const decision = new RuleDecision(rule.id);
    record.rules.push(decision);
    if (options.explainAll && !rule.events.includes(event.name)) decision.outcome = "not-listening";
    else if (!rule.enabled) decision.outcome = "disabled";
    else if (stopped) decision.outcome = "stopped-earlier";
    else if (ownEvent && !rule.includeOwnEvents) {
      decision.outcome = "own-event";
      decision.reason = `the event was caused by this plugin (origin ${plugin.urn}); set include_own_events to run anyway`;
    } else {
      // Conditions are evaluated synchronously: only rules that match pay for an await.
      const verdict = rule.condition ? rule.condition(context) : true;
      if (verdict === true) stopped = await runSteps(rule, event, context, decision, ruleSet, deps);
      else decision.failCondition(verdict);
    }
  }
  return record;
}

const NO_STEPS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Runs the steps of a matched rule; resolves true when it asked to stop the later rules. */
async function runSteps(
  rule: CompiledRule,
  event: CrispEvent,
  context: TemplateContext,
  decision: RuleDecision,
  ruleSet: RuleSet,
  deps: EngineDeps,
): Promise<boolean> {
  const steps: Record<string, unknown> = {};
  const stepContext: TemplateContext = { ...context, steps };
  for (const step of rule.steps) {
    const outcome = await runStep(rule, step, event, stepContext, ruleSet, deps);
    decision.steps.push(outcome.decision);
    if (step.id !== undefined && outcome.decision.outcome === "done") steps[step.id] = outcome.decision.result;
    if (outcome.decision.outcome === "failed" && !step.continueOnError) {
      decision.outcome = "failed";
      decision.reason = `step ${step.index + 1} (${step.action}) failed: ${outcome.decision.reason ?? "unknown error"}`;
      return false;
    }
    if (outcome.stop !== undefined) return outcome.stop;
  }
  return false;
}

async function runStep(
  rule: CompiledRule,
  step: CompiledStep,
  event: CrispEvent,
  context: TemplateContext,
  ruleSet: RuleSet,
  deps: EngineDeps,
): Promise<{ decision: StepDecision; stop?: boolean }> {
  const decision: StepDecision = {
    index: step.index,
    action: step.action,
    ...(step.id ? { id: step.id } : {}),
    outcome: "done",
  };
  const verdict = step.condition ? step.condition(context) : true;
  if (verdict !== true) {
    decision.outcome = "skipped";
    decision.reason = formatConditionFailure(verdict);
    return { decision };
  }
  try {
    decision.params = step.render(context);
    if (deps.mode === "record") {
      // Nothing leaves the process: the rendered parameters are the record. `stop` has no side
      // effect, so its effect on the rules is kept.
      decision.outcome = "recorded";
      const rules = (decision.params as { rules?: boolean }).rules === true;
      return step.action === "stop" ? { decision, stop: rules } : { decision };
    }
    decision.result = await runAction(rule, step, event, context, decision.params, ruleSet, deps);
  } catch (error) {
    decision.outcome = "failed";
    decision.reason = error instanceof Error ? error.message : String(error);
    if (error instanceof KitError) decision.code = error.code;
    deps.log.warn(`rule ${rule.id}: step ${step.index + 1} (${step.action}) failed`, {
      website_id: event.website_id,
      session_id: event.session_id,
      code: decision.code,
      reason: decision.reason,
    });
    return { decision };
  }
  return isStopSignal(decision.result) ? { decision, stop: decision.result.rules } : { decision };
}

function runAction(
  rule: CompiledRule,
  step: CompiledStep,
  event: CrispEvent,
  context: TemplateContext,
  params: unknown,
  ruleSet: RuleSet,
  deps: EngineDeps,
): Promise<unknown> {
  const { http } = ruleSet.manifest;
  const actionContext: ActionContext = {
    crisp: deps.crisp,
    event,
    plugin: { urn: ruleSet.manifest.plugin.urn, name: ruleSet.manifest.plugin.name },
    http: { allow: http.allow, timeoutMs: http.timeout_ms, fetch: deps.fetch },
    log: deps.log,
    ruleId: rule.id,
    stepIndex: step.index,
  };
  if (step.definition) return step.definition.run(actionContext, params as never);
  if (step.hook === undefined || deps.hooks === undefined) {
    return Promise.reject(new KitError("HOOK_FAILED", `${step.action}: the manifest has no hooks module loaded`));
  }
  return deps.hooks.run(step.hook, { ...actionContext, settings: context.settings }, params);
}
