import { handleEvent } from "../../core/engine/handle-event.js";
import { KitError } from "../../core/errors/kit-error.js";
import type { Metrics } from "../observability/create-metrics.js";
import type { Logger } from "../../core/logging/logger.js";
import type { StepRecord, Store, WorkItem } from "../../core/ports/store.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import { createLedger } from "./create-ledger.js";
import { readPayload, type WorkPayload } from "./event-work.js";
import type { HeldWork } from "./held-work.js";
import { logDecision } from "./log-decision.js";
import type { PluginVersion } from "./plugin-version.js";
import { DEFAULT_MAX_STARTS, quarantineWorkItem } from "./quarantine-work-item.js";
/** What running stored work needs. */
export interface WorkDeps {
  readonly store: Store;
  readonly registry: WebsiteRegistry;
  /** The version live now; read once per item. */
  readonly version: () => PluginVersion;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Starts without finishing after which an item becomes a dead letter (default 3). */
  readonly maxStarts?: number | undefined;
}

/** An event being accepted now, its turn queued before the store answered. */
export interface FreshWork {
  /** The store's answer to accepting it; it runs only when `"accepted"`. */
  readonly accepted: Promise<"accepted" | "duplicate">;
  /** Its payload, as written: no need to parse it back. */
  readonly payload: WorkPayload;
  /** Its start was counted by the store in the write that accepted it (a shared store's grant). */
  readonly counted?: boolean;
}

/** What running an item came to, for whoever holds its conversation. */
export type WorkOutcome =
  /** Its rules ran (or it was dropped, its website gone): forget it and its step records. */
  | "done"
  /** It is not stored (a copy, cancelled, finished meanwhile, or quarantined with its steps kept). */
  | "gone"
  /** It stays stored, to be taken again (the store failed): let its conversation go. */
  | "unfinished"
  /** Another replica holds its conversation now and runs it: stop, touch nothing. */
  | "lost";

/** How the item is run: whether it is an event being accepted, and the hold it runs under on a shared store. */
export interface RunOptions {
  /** An event being accepted: it has no step recorded, so the store need not be asked. */
  readonly fresh?: FreshWork | undefined;
  /** The hold on its conversation: steps are recorded under its fencing token. */
  readonly held?: HeldWork | undefined;
}

/**
 * Runs one stored piece of work (an accepted event, or the rest of a rule) through the live
 * version, journaling its steps. Work for a website that uninstalled the plugin, or whose settings
 * are now invalid, is dropped with a warning. Never rejects: the outcome says what to do with the
 * item (the caller forgets it, or lets it be taken again). A fresh event runs only once the store
 * accepted it.
 *
 * Each start is counted in the store first: an item started `maxStarts` times without finishing
 * (the process died running it each time) becomes a dead letter instead of running again. For a
 * fresh event whose turn comes at once, the count is asked for in the same turn as the acceptance,
 * so both are one store write (one SQLite commit); a shared store counts it in the acceptance itself
 * when it hands the event to this replica (`fresh.counted`).
 */
export async function runWorkItem(item: WorkItem, deps: WorkDeps, options: RunOptions = {}): Promise<WorkOutcome> {
  const { store, log } = deps;
  const { fresh, held } = options;
  const counting =
    fresh?.counted === true ? Promise.resolve(1) : held === undefined ? store.countStart(item.id) : undefined;
  // Its failure is handled below, whichever way this goes; never an unhandled rejection meanwhile.
  counting?.catch(() => undefined);
  if (fresh !== undefined) {
    // A duplicate, or a store that failed to accept it (the intake answers or retries): nothing to run.
    const accepted = await fresh.accepted.catch(() => "failed" as const);
    if (accepted !== "accepted") return "gone";
  }
  try {
    // Under a hold, counted only once the hold is known to be still this replica's.
    held?.check();
    const starts = await (counting ?? store.countStart(item.id));
    if (starts === 0) return "gone"; // finished or cancelled since it was taken
    const maxStarts = deps.maxStarts ?? DEFAULT_MAX_STARTS;
    if (starts > maxStarts) {
      const now = deps.version().engine.now().getTime();
      const letter = await quarantineWorkItem(item, maxStarts, { store, ruleSet: deps.version().ruleSet, now });
      log.error(`work ${item.id} quarantined as a dead letter: ${letter.reason}`, {
        conversation: item.conversation,
        ...(letter.ruleId === "" ? {} : { rule: letter.ruleId, step: letter.stepIndex + 1, action: letter.action }),
      });
      return "gone";
    }
    const payload = fresh?.payload ?? readPayload(item);
    const { event } = payload;
    const website = deps.registry.get(event.website_id);
    if (website === undefined || !website.settings.ok) {
      log.warn(
        `dropped stored ${event.name}: website ${event.website_id} ${website ? "has invalid settings" : "has not installed the plugin"}`,
      );
      return "done";
    }
    const { ruleSet, engine } = deps.version();
    const steps = fresh !== undefined ? NO_STEPS : await store.getSteps(item.id);
    // A resumed event is judged as it was when accepted (time conditions, cooldowns); the rest of
    // a rule after a delay runs now.
    const clock = payload.resume === undefined && steps.size > 0 ? () => new Date(payload.acceptedAt) : engine.now;
    const ledger = createLedger(store, item, payload, steps, () => clock().getTime(), log, starts > 1, held);
    const record = await handleEvent(
      ruleSet,
      event,
      { id: website.id, settings: website.settings.settings },
      clock === engine.now ? engine : { ...engine, now: clock },
      { ledger, ...(payload.resume === undefined ? {} : { resume: payload.resume }) },
    );
    for (const rule of record.rules) {
      if (rule.outcome === "ran" || rule.outcome === "delayed") deps.metrics.rulesFired.inc({ rule: rule.rule });
      for (const step of rule.steps) deps.metrics.actions.inc({ action: step.action, outcome: step.outcome });
    }
    // Forgotten in this turn (`complete`): the last `done` records need not be written first.
    ledger.finished();
    logDecision(record, log);
    return "done";
  } catch (error) {
    if (error instanceof KitError && error.code === "LEASE_LOST") {
      log.warn(`work ${item.id} stopped: ${error.message}`, { conversation: item.conversation });
      return "lost";
    }
    log.error(`work ${item.id} not finished (it is taken again later)`, {
      conversation: item.conversation,
      error: error instanceof Error ? error.message : String(error),
    });
    return "unfinished";
  }
}

const NO_STEPS: ReadonlyMap<string, StepRecord> = new Map();
