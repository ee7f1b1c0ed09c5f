import type { QuotaPriority } from "../crisp/quota-budget.js";
import type { ScopeNeed } from "../crisp/scope-catalog.js";
import type { ActionContext } from "./action-context.js";

/** A JSON Schema, as a plain object (draft-07). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * An event Crisp emits because an action ran (crisp-platform.md §11): `send_message` comes back as
 * `message:received`, `set_state` as `session:set_state`... with the payload fields the step's
 * parameters tell (`{ state: "resolved" }`), when they are constants.
 */
export interface CausedEvent {
  readonly event: string;
  /** Fields of the event's `data` known from the parameters as written; templates are left out. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * What one built-in action declares about itself. The manifest schema's per-action `with`
 * schemas are generated from `params` (`npm run schema`), and the validator derives the scopes
 * a rule needs from `needs`.
 */
export interface ActionDefinition<P = never> {
  /** The name used as `action:` in a step. */
  readonly name: string;
  /** One line saying what it does, shown in the README reference and in `--help`. */
  readonly summary: string;
  /**
   * Whether the step may still run as the daily Crisp quota runs low (`QuotaBudget.check`):
   * `reply` until 100 %, `normal` until 95 %, `low` until 80 %. `low` when left out.
   */
  readonly priority?: QuotaPriority;
  /**
   * True when doing the step twice leaves the same result as once (it sets a state, segments or
   * data to a value): a step resumed after a crash is simply done again, so the engine journals it
   * only when a later step reads its result. Otherwise (sending a message, adding an event, an
   * outside request, a hook, a delay) the engine records that the step started and when it is done,
   * so that a resumed step is not done twice, or knows it may have run and can check first. False
   * when left out.
   */
  readonly repeatable?: boolean;
  /**
   * True when the action only reads from Crisp, for the later steps (`steps.<id>`): it changes
   * nothing, so a test's `mocks:` may stand in for its result by step id, as for hooks and `http`
   * steps. False when left out.
   */
  readonly readOnly?: boolean;
  /** The token scopes (and access) the action's REST calls need. */
  readonly needs: readonly ScopeNeed[];
  /**
   * Parameters that are URLs: their templates render each value URL-encoded but the first (the
   * base), so visitor text cannot change the path (`http`'s `url`).
   */
  readonly urlParams?: readonly string[];
  /** JSON Schema of the step's `with:` object; string values are Handlebars templates. */
  readonly params: JsonSchema;
  /**
   * The events real Crisp emits after this action, given its parameters as written in the manifest
   * (template strings unrendered). The rule analysis (`validate`, `crisp-plugin graph`) follows them
   * to find rules that trigger each other. Left out: the action causes no event.
   */
  readonly causes?: (params: Readonly<Record<string, unknown>>) => readonly CausedEvent[];
  /**
   * JSON Schema of what `run` resolves with, which later steps read as `steps.<id>`. `validate`
   * checks those paths against it (an unknown field is an error); left out, the result is free-form
   * and any path into it is accepted.
   */
  readonly result?: JsonSchema;
  /**
   * Runs the action with its rendered parameters (schema defaults applied); the result becomes
   * `steps.<id>` for later steps. Throws a `KitError` on failure.
   */
  readonly run: (context: ActionContext, params: P) => Promise<unknown>;
}

/** Declares an action; an identity function that keeps the literal types. */
export function defineAction<P>(definition: ActionDefinition<P>): ActionDefinition<P> {
  return definition;
}

/** The values among `fields` that are known before the step runs: not templates, not missing. */
export function constants(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([, value]) => value !== undefined && !(typeof value === "string" && value.includes("{{")),
    ),
  );
}

/** Whether a value is a plain mapping. */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
