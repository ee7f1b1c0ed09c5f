import { formatNow } from "../templates/format-now.js";
import type { TemplateContext } from "../templates/template-context.js";
import type { CompiledRule, RuleSet } from "./compile-rule-set.js";
import type { CrispEvent } from "./crisp-event.js";
import { RuleDecision, type DecisionRecord, type RuleOutcome } from "./decision-record.js";
import type { OwnWrites } from "./own-writes.js";
import { runMatchedRule, runSteps, type RuleRun } from "./run-steps.js";
import type { RuleContinuation, StepLedger } from "./step-ledger.js";
import type { EngineDeps } from "./engine-deps.js";

/** A subscribed website, as the rules see it. */
export interface WebsiteContext {
  readonly id: string;
  /** Its settings, validated, defaults applied. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** How to handle an event beyond the defaults. */
export interface HandleOptions {
  /** Explain every rule, including those not listening to the event (`simulate`). */
  readonly explainAll?: boolean;
  /** Makes the run durable (steps journaled, guards, delays, dead letters); the runtime passes one. */
  readonly ledger?: StepLedger;
  /** Runs only the rest of one rule (after a delay, or a replayed dead letter). */
  readonly resume?: RuleContinuation;
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
  options: HandleOptions = {},
): Promise<DecisionRecord> {
  const listening = ruleSet.byEvent.get(event.name) ?? [];
  const { plugin } = ruleSet;
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
    now: formatNow(deps.now()),
  };
  const { ledger } = options;
  if (options.resume !== undefined) {
    await resumeRule(options.resume, { event, ruleSet, deps, ledger, record }, context);
    return record;
  }
  const own = ownCause(event, plugin, deps.ownWrites);
  const ownEvent = own !== undefined;
  let stopped = false;
  const explainAll = options.explainAll === true;
  const candidates = explainAll ? ruleSet.rules : listening;
  const { rules } = record;
  for (const rule of candidates) {
    const skipped = notEvaluated(rule, event.name, { explainAll, stopped, ownEvent });
    if (skipped !== undefined) {
      rules.push(new RuleDecision(rule.id, skipped, skipped === "own-event" ? own : undefined));
      continue;
    }
    // Conditions are evaluated synchronously: only rules that match pay for an await.
    const verdict = rule.condition ? rule.condition(context) : true;
    if (verdict !== true) {
      // Most rules of an event end here: their decision is built settled, without a list of steps.
      rules.push(new RuleDecision(rule.id, "condition-failed", verdict));
      continue;
    }
    const decision = new RuleDecision(rule.id);
    rules.push(decision);
    const ran = runMatchedRule({ rule, event, decision, ruleSet, deps, ledger }, context);
    stopped = typeof ran === "boolean" ? ran : await ran;
  }
  return record;
}

const NO_STEPS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Runs the rest of a rule; a rule that no longer exists (a reload removed it) is reported as failed. */
async function resumeRule(
  resume: RuleContinuation,
  run: Omit<RuleRun, "rule" | "decision"> & { record: DecisionRecord },
  context: TemplateContext,
): Promise<void> {
  const decision = new RuleDecision(resume.ruleId);
  run.record.rules.push(decision);
  const rule = run.ruleSet.rules.find((candidate) => candidate.id === resume.ruleId);
  if (rule === undefined || resume.fromStep > rule.steps.length) {
    decision.outcome = "failed";
    decision.reason = `the rule to resume (${resume.ruleId}, step ${resume.fromStep + 1}) is no longer in the manifest`;
    return;
  }
  await runSteps({ ...run, rule, decision }, context, resume.fromStep, resume.steps);
}

/** Why a rule is not evaluated for this event, or undefined when its conditions decide. */
function notEvaluated(
  rule: CompiledRule,
  eventName: string,
  state: { readonly explainAll: boolean; readonly stopped: boolean; readonly ownEvent: boolean },
): RuleOutcome | undefined {
  if (state.explainAll && !rule.events.includes(eventName)) return "not-listening";
  if (!rule.enabled) return "disabled";
  if (state.stopped) return "stopped-earlier";
  if (state.ownEvent && !rule.includeOwnEvents) return "own-event";
  return undefined;
}

/**
 * Why the event is the plugin's own, or undefined when it is not: a message stamped with its URN,
 * or the echo of one of its recent writes (taken from the memory, so that it is recognised once).
 */
function ownCause(
  event: CrispEvent,
  plugin: { readonly urn: string },
  writes: OwnWrites | undefined,
): string | undefined {
  if (event.data.origin === plugin.urn) {
    return `the event was caused by this plugin (origin ${plugin.urn}); set include_own_events to run anyway`;
  }
  const echo = writes?.claim(event);
  if (echo === undefined) return undefined;
  const { field, value } = echo.write;
  return (
    `the event echoes this plugin's own write (${field} ${JSON.stringify(value)}, ${echo.ageMs} ms before); ` +
    "set include_own_events to run anyway"
  );
}
