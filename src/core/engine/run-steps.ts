import { isDelaySignal, isStopSignal, type ActionContext } from "../actions/action-context.js";
import { KitError } from "../errors/kit-error.js";
import { formatConditionFailure } from "../rules/condition-failure.js";
import type { TemplateContext } from "../templates/template-context.js";
import type { CompiledRule, CompiledStep, RuleGuard, RuleSet } from "./compile-rule-set.js";
import type { CrispEvent } from "./crisp-event.js";
import type { RuleDecision, StepDecision } from "./decision-record.js";
import type { EngineDeps } from "./engine-deps.js";
import { stepKeyOf, type StepLedger } from "./step-ledger.js";
import { maskLogger } from "../logging/mask-logger.js";
import { maskSecrets, maskText } from "../logging/mask-secrets.js";
import { secretSettingValues } from "../settings/secret-setting-values.js";
import { formatDuration } from "../time/format-duration.js";

/** One rule being run for one event: what its steps need besides the step itself. */
export interface RuleRun {
  readonly rule: CompiledRule;
  readonly event: CrispEvent;
  readonly decision: RuleDecision;
  readonly ruleSet: RuleSet;
  readonly deps: EngineDeps;
  readonly ledger: StepLedger | undefined;
}

/**
 * Runs a rule whose conditions hold: its guards (`cooldown`, `once`), then its steps. Resolves
 * true when a `stop` step asked to skip the later rules.
 */
export function runMatchedRule(run: RuleRun, context: TemplateContext): boolean | Promise<boolean> {
  if (run.rule.guards.length > 0) return runGuarded(run, context);
  // Recording has nothing to wait for: no promise per step.
  return run.deps.mode === "record" ? recordSteps(run, context) : runSteps(run, context, 0, NO_RESULTS);
}

/**
 * Record mode (simulate, tests): nothing leaves the process, so each step's condition and rendered
 * parameters are the record, synchronously. A `delay` is recorded and the steps after it are shown
 * as if it had passed; `stop` has no side effect, so its effect on the rules is kept.
 */
function recordSteps(run: RuleRun, context: TemplateContext): boolean {
  const steps: Record<string, unknown> = {};
  const stepContext = withSteps(context, steps);
  const { decision } = run;
  for (const step of run.rule.steps) {
    const recorded: StepDecision = { index: step.index, action: step.action, outcome: "recorded" };
    if (step.id !== undefined) (recorded as { id?: string }).id = step.id;
    decision.steps.push(recorded);
    const verdict = step.condition ? step.condition(stepContext) : true;
    if (verdict !== true) {
      recorded.outcome = "skipped";
      recorded.reason = formatConditionFailure(verdict);
      continue;
    }
    try {
      recorded.params = step.render(stepContext);
      const stubbed = run.deps.stub?.(step, recorded.params);
      if (stubbed?.note !== undefined) recorded.reason = stubbed.note;
      if (stubbed !== undefined && "result" in stubbed) {
        recorded.result = stubbed.result;
        if (step.id !== undefined) steps[step.id] = stubbed.result;
      }
    } catch (error) {
      failStep(run, step, recorded, error, []);
      if (step.continueOnError) continue;
      decision.outcome = "failed";
      decision.reason = `step ${step.index + 1} (${step.action}) failed: ${recorded.reason ?? "unknown error"}`;
      return false;
    }
    if (step.action === "stop") return (recorded.params as { rules?: boolean }).rules === true;
  }
  return false;
}

async function runGuarded(run: RuleRun, context: TemplateContext): Promise<boolean> {
  for (const guard of run.rule.guards) {
    const refusal = await claimGuard(run, guard);
    if (refusal !== undefined) {
      run.decision.outcome = "guarded";
      run.decision.reason = refusal;
      return false;
    }
  }
  return run.deps.mode === "record" ? recordSteps(run, context) : runSteps(run, context, 0, NO_RESULTS);
}

const NO_RESULTS: Readonly<Record<string, unknown>> = Object.freeze({});

/** The rule's context with the results of its steps so far (a literal: cheaper than a spread). */
function withSteps(context: TemplateContext, steps: Record<string, unknown>): TemplateContext {
  return {
    event: context.event,
    data: context.data,
    website: context.website,
    settings: context.settings,
    plugin: context.plugin,
    steps,
    now: context.now,
  };
}

/**
 * Runs the steps of a matched rule from `fromStep`, with the results of earlier steps (a rule
 * resumed after a delay or replayed starts in the middle). Resolves true when it asked to stop the
 * later rules.
 */
export async function runSteps(
  run: RuleRun,
  context: TemplateContext,
  fromStep: number,
  earlier: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const steps: Record<string, unknown> = earlier === NO_RESULTS ? {} : { ...earlier };
  const stepContext = withSteps(context, steps);
  const { rule, decision } = run;
  const all = rule.steps;
  for (let index = fromStep; index < all.length; index += 1) {
    const step = all[index] as CompiledStep;
    const outcome = await runStep(run, step, stepContext, step.index === fromStep);
    decision.steps.push(outcome.decision);
    const { result } = outcome.decision;
    if (step.id !== undefined && outcome.decision.outcome === "done") steps[step.id] = result;
    if (outcome.decision.outcome === "failed" && !step.continueOnError) {
      await stopRule(run, step, outcome.decision, steps);
      return false;
    }
    if (outcome.decision.outcome === "done" && isDelaySignal(result)) {
      await defer(run, step, result, steps, outcome.decision.replayed === true);
      return false;
    }
    if (outcome.stop !== undefined) return outcome.stop;
  }
  return false;
}

async function runStep(
  run: RuleRun,
  step: CompiledStep,
  context: TemplateContext,
  first: boolean,
): Promise<{ decision: StepDecision; stop?: boolean }> {
  const { deps, ledger, rule } = run;
  const decision: StepDecision = { index: step.index, action: step.action, outcome: "done" };
  if (step.id !== undefined) (decision as { id?: string }).id = step.id;
  const verdict = step.condition ? step.condition(context) : true;
  if (verdict !== true) {
    decision.outcome = "skipped";
    decision.reason = formatConditionFailure(verdict);
    return { decision };
  }
  try {
    decision.params = step.render(context);
    // Only a resumed rule gets here in record mode (a dry run); nothing may leave the process.
    if (deps.mode === "record") {
      decision.outcome = "recorded";
      return { decision };
    }
    const key = stepKeyOf(rule.id, step.index);
    const before = ledger?.steps.get(key);
    if (before?.state === "done") {
      decision.result = before.result;
      decision.replayed = true;
    } else {
      if (step.action === "delay" && ledger === undefined) {
        throw new KitError("ACTION_FAILED", "delay needs the runtime's store to keep the rest of the rule");
      }
      ledger?.check?.();
      deps.breaker?.(run.event, rule.id);
      await deps.admit?.(step, run.event);
      // A step safe to repeat is simply done again after a crash, unless a later step reads its
      // result (`id`), which must then stay what it was; the others must know they may have run.
      const repeatable = step.definition?.repeatable === true;
      if (!repeatable) await ledger?.record(key, { state: "started" });
      const mayHaveRun =
        before?.state === "started" ||
        ledger?.startedBefore === true ||
        (first && ledger?.firstStepMayHaveRun === true);
      decision.result = await runAction(run, step, context, decision.params, mayHaveRun);
      if (!repeatable || step.id !== undefined) await ledger?.record(key, { state: "done", result: decision.result });
    }
  } catch (error) {
    // Another replica holds the work now and runs this step itself: stop here, record nothing.
    if (error instanceof KitError && error.code === "LEASE_LOST") throw error;
    failStep(run, step, decision, error, secretSettingValues(run.ruleSet.manifest.settings, context.settings));
    return { decision };
  }
  return isStopSignal(decision.result) ? { decision, stop: decision.result.rules } : { decision };
}

/** The website's secret setting values of a failed step, for its dead letter. */
const secretsOfFailure = new WeakMap<StepDecision, readonly string[]>();

function failStep(
  run: RuleRun,
  step: CompiledStep,
  decision: StepDecision,
  error: unknown,
  secrets: readonly string[],
): void {
  // Refused before it ran (quota, circuit breaker): skipped, not a failure to replay.
  const refused = error instanceof KitError && (error.code === "QUOTA_EXHAUSTED" || error.code === "LOOP_STOPPED");
  decision.outcome = refused ? "skipped" : "failed";
  decision.reason = maskText(error instanceof Error ? error.message : String(error), secrets);
  if (secrets.length > 0) secretsOfFailure.set(decision, secrets);
  if (error instanceof KitError) decision.code = error.code;
  const attempts = error instanceof KitError ? error.context.attempts : undefined;
  if (typeof attempts === "number") decision.attempts = attempts;
  const retryAfterMs = error instanceof KitError ? error.context.retryAfterMs : undefined;
  if (typeof retryAfterMs === "number") decision.retryAfterMs = retryAfterMs;
  run.deps.log.warn(`rule ${run.rule.id}: step ${step.index + 1} (${step.action}) ${decision.outcome}`, {
    website_id: run.event.website_id,
    session_id: run.event.session_id,
    code: decision.code,
    reason: decision.reason,
    ...(typeof attempts === "number" ? { attempts } : {}),
  });
}

function runAction(
  run: RuleRun,
  step: CompiledStep,
  context: TemplateContext,
  params: unknown,
  mayHaveRun: boolean,
): Promise<unknown> {
  const { rule, event, ruleSet, deps, ledger } = run;
  const { http } = ruleSet.manifest;
  const actionContext: ActionContext = {
    crisp: deps.crisp,
    event,
    plugin: ruleSet.plugin,
    http: { allow: http.allow, timeoutMs: http.timeout_ms, fetch: deps.fetch },
    log: maskLogger(deps.log, secretSettingValues(ruleSet.manifest.settings, context.settings)),
    ruleId: rule.id,
    stepIndex: step.index,
    stepKey: `${ledger?.workId ?? `${event.website_id}/${event.session_id ?? ""}@${event.timestamp}`}#${stepKeyOf(rule.id, step.index)}`,
    resumed: mayHaveRun,
  };
  if (step.definition) return step.definition.run(actionContext, params as never);
  if (step.hook === undefined || deps.hooks === undefined) {
    return Promise.reject(new KitError("HOOK_FAILED", `${step.action}: the manifest has no hooks module loaded`));
  }
  return deps.hooks.run(step.hook, { ...actionContext, settings: context.settings }, params);
}

/** Takes a guard in the ledger; returns why the rule may not run, or undefined when it may. */
async function claimGuard(run: RuleRun, guard: RuleGuard): Promise<string | undefined> {
  const { ledger, event, rule, deps } = run;
  if (ledger === undefined) return undefined;
  const subject = guardSubject(event, guard.per);
  const now = deps.now().getTime();
  const until = guard.ms === null ? null : now + guard.ms;
  if (await ledger.claimGuard(`${guard.kind}:${rule.id}:${guard.per}:${subject}`, until)) return undefined;
  const per = guard.per === "session" ? "conversation" : guard.per;
  return guard.kind === "once"
    ? `once per ${per}: it already ran for this ${per}`
    : `cooldown: it ran for this ${per} less than ${formatDuration(guard.ms ?? 0)} ago`;
}

/**
 * What a guard is counted for: the conversation, the visitor (the people profile, user id or
 * email the event carries, else the conversation) or the website.
 */
function guardSubject(event: CrispEvent, per: RuleGuard["per"]): string {
  const site = event.website_id;
  if (per === "website") return site;
  const session = event.session_id ?? "";
  if (per === "session") return `${site}/${session}`;
  const { data } = event;
  const user = data.user as { user_id?: unknown } | undefined;
  const visitor = [data.people_id, user?.user_id, data.email].find((value) => typeof value === "string" && value);
  return `${site}/${typeof visitor === "string" ? visitor : session}`;
}

async function defer(
  run: RuleRun,
  step: CompiledStep,
  signal: { ms: number; cancelOn: readonly string[] },
  steps: Readonly<Record<string, unknown>>,
  before: boolean,
): Promise<void> {
  const { decision, ledger, deps, rule } = run;
  decision.outcome = "delayed";
  const cancel = signal.cancelOn.length > 0 ? ` unless ${signal.cancelOn.join(" or ")} happens first` : "";
  decision.reason = `waits ${formatDuration(signal.ms)} before step ${step.index + 2}${cancel}`;
  // Done before a restart: the rest of the rule was kept then.
  if (before || ledger === undefined) return;
  const dueAt = deps.now().getTime() + signal.ms;
  await ledger.defer({ ruleId: rule.id, fromStep: step.index + 1, steps }, dueAt, signal.cancelOn);
}

/**
 * A step failed and stops its rule: when Crisp asked for a longer wait than the retries make, the
 * step and the rest of the rule run again then; otherwise the step becomes a dead letter.
 */
async function stopRule(
  run: RuleRun,
  step: CompiledStep,
  failed: StepDecision,
  steps: Readonly<Record<string, unknown>>,
): Promise<void> {
  const { decision, ledger, rule } = run;
  ledger?.check?.();
  const wait = failed.retryAfterMs;
  if (wait !== undefined && ledger !== undefined) {
    decision.outcome = "delayed";
    decision.reason = `Crisp asked to wait ${formatDuration(wait)}: step ${step.index + 1} and the rest run again then`;
    await ledger.defer({ ruleId: rule.id, fromStep: step.index, steps }, run.deps.now().getTime() + wait, []);
    return;
  }
  decision.outcome = "failed";
  decision.reason = `step ${step.index + 1} (${step.action}) failed: ${failed.reason ?? "unknown error"}`;
  await deadLetter(run, step, failed, steps);
}

async function deadLetter(
  run: RuleRun,
  step: CompiledStep,
  decision: StepDecision,
  steps: Readonly<Record<string, unknown>>,
): Promise<void> {
  if (run.ledger === undefined || run.deps.mode !== "run") return;
  await run.ledger.deadLetter({
    ruleId: run.rule.id,
    fromStep: step.index,
    steps,
    action: step.action,
    code: decision.code ?? "ACTION_FAILED",
    reason: decision.reason ?? "unknown error",
    attempts: decision.attempts ?? 1,
    // Rendered header values, URL credentials and the website's x-secret settings are not kept.
    ...(decision.params === undefined
      ? {}
      : { params: maskSecrets(decision.params, secretsOfFailure.get(decision) ?? []) }),
  });
}
