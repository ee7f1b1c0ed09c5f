import type { CrispRest } from "../ports/crisp-rest.js";
import type { CrispEvent } from "../engine/crisp-event.js";
import { KitError } from "../errors/kit-error.js";
import type { Logger } from "../logging/logger.js";

/** What a step's action receives besides its rendered parameters. */
export interface ActionContext {
  /** Crisp REST calls, limited to the scopes the manifest declares. */
  readonly crisp: CrispRest;
  readonly event: CrispEvent;
  readonly plugin: { readonly urn: string; readonly name: string };
  /** Outbound HTTP for the `http` action: allowed hosts, timeout, and the fetch to use. */
  readonly http: { readonly allow: readonly string[]; readonly timeoutMs: number; readonly fetch: typeof fetch };
  readonly log: Logger;
  /** The rule and step, for error context and logs. */
  readonly ruleId: string;
  readonly stepIndex: number;
  /**
   * Identifies this step of this piece of work across restarts (`workId#ruleId#stepIndex`), so an
   * action can make itself idempotent: `send_message` derives its message fingerprint from it.
   */
  readonly stepKey: string;
  /**
   * True when this step was started before (the process stopped, or the step is replayed) and may
   * have reached Crisp: an action that is not safe to repeat checks before doing it again.
   */
  readonly resumed: boolean;
}

/** What the `stop` action returns: the engine stops the rule (and the later rules, with `rules`). */
export interface StopSignal {
  readonly stop: true;
  readonly rules: boolean;
}

/** What the `delay` action returns: the engine keeps the rest of the rule in the store for later. */
export interface DelaySignal {
  readonly delay: true;
  readonly ms: number;
  /** Events that cancel the wait in the same conversation. */
  readonly cancelOn: readonly string[];
}

/** Whether an action's result asks the engine to run the rest of the rule later. */
export function isDelaySignal(value: unknown): value is DelaySignal {
  return typeof value === "object" && value !== null && (value as { delay?: unknown }).delay === true;
}

/** Whether an action's result asks the engine to stop. */
export function isStopSignal(value: unknown): value is StopSignal {
  return typeof value === "object" && value !== null && (value as { stop?: unknown }).stop === true;
}

/** The conversation of the event, or an error for actions that need one. */
export function requireSession(context: ActionContext, action: string): string {
  const session = context.event.session_id;
  if (session !== undefined) return session;
  throw new KitError("ACTION_FAILED", `${action} needs a conversation, and ${context.event.name} has no session_id`, {
    context: { ruleId: context.ruleId, step: context.stepIndex, event: context.event.name },
  });
}
