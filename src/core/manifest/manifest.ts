import type { Access, Scope } from "../crisp/scope-catalog.js";
import type { WidgetSpec } from "./widget-spec.js";

/**
 * A manifest (v1) that passed the schema. These types mirror schema/plugin.schema.json; the schema
 * is the source of truth, and `loadManifest` only returns a `Manifest` when the data matches it.
 */
export interface Manifest {
  readonly version: 1;
  readonly plugin: PluginInfo;
  readonly scopes: readonly DeclaredScope[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly hooks?: string;
  readonly http: { readonly allow: readonly string[]; readonly timeout_ms: number };
  /** Per-conversation limit on the steps run, against loops (defaults applied). */
  readonly circuit_breaker: { readonly actions_per_minute: number };
  readonly rules: readonly RuleSpec[];
  /** The inbox sidebar widget, when the plugin has one. */
  readonly widget?: WidgetSpec;
  readonly tests: readonly TestSpec[];
}

/** One entry of `tests:`. */
export interface TestSpec {
  readonly name: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** ISO 8601 time of the first event. */
  readonly at: string;
  readonly events: readonly TestEventSpec[];
  /** What hooks and `http` steps return in this test instead of running. */
  readonly mocks?: readonly StepMock[];
}

/**
 * A stand-in for a hook or an `http` step in tests and `simulate --mock`: which steps it answers
 * (one of `step`, `hook`, `http`) and what they return (`returns`) or the error they fail with.
 */
export interface StepMock {
  /** The `id` of a step. */
  readonly step?: string;
  /** A hook name, with or without `hook:`. */
  readonly hook?: string;
  /** An `http` step's URL; `*` stands for any characters. */
  readonly http?: string;
  readonly returns?: unknown;
  readonly error?: string;
}

/** An event of a test. */
export interface TestEventSpec {
  readonly event: string;
  /** Simulated time since the previous event: `30s`, `5m`, `2h`, `1d`. */
  readonly after: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Steps expected to run, in order; undefined: not checked. */
  readonly expect?: readonly {
    readonly action: string;
    readonly rule?: string;
    readonly with?: Readonly<Record<string, unknown>>;
  }[];
}

/** `plugin:` in the manifest. */
export interface PluginInfo {
  readonly urn: string;
  readonly name: string;
  readonly visibility: "private" | "public";
  readonly listing?: Listing;
}

/** `plugin.listing:`, what the Marketplace asks before a submission. */
export interface Listing {
  readonly category?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly logo?: string;
  readonly documentation_url?: string;
  readonly website_url?: string;
  readonly support?: string;
  readonly terms_url?: string;
  readonly privacy_url?: string;
}

/** One entry of `scopes:`. */
export interface DeclaredScope {
  readonly scope: Scope;
  readonly access: readonly Access[];
  readonly why?: string;
}

/** One entry of `rules:`. */
export interface RuleSpec {
  readonly id: string;
  readonly description?: string;
  readonly enabled: boolean;
  readonly on: string | readonly string[];
  readonly if?: ConditionSpec | readonly ConditionSpec[];
  readonly include_own_events: boolean;
  readonly once?: GuardScope;
  readonly cooldown?: { readonly for: string; readonly per: GuardScope };
  readonly do: readonly StepSpec[];
}

/** What a rule guard (`once`, `cooldown`) is counted for. */
export type GuardScope = "session" | "visitor" | "website";

/** One entry of a rule's `do:`. */
export interface StepSpec {
  readonly action: string;
  readonly with: Readonly<Record<string, unknown>>;
  readonly id?: string;
  readonly if?: ConditionSpec | readonly ConditionSpec[];
  readonly continue_on_error: boolean;
}

/** A condition as written in the manifest. */
export type ConditionSpec =
  | { readonly all: readonly ConditionSpec[] }
  | { readonly any: readonly ConditionSpec[] }
  | { readonly not: ConditionSpec | readonly ConditionSpec[] }
  | { readonly template: string }
  | { readonly time: TimeSpec }
  | ValueConditionSpec;

/** `{ time: ... }`: weekdays and hours in a timezone. */
export interface TimeSpec {
  readonly weekdays?: readonly ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
  readonly between?: readonly [string, string];
  readonly timezone?: string;
}

/** `{ path, <operator>: value }`. */
export interface ValueConditionSpec {
  readonly path: string;
  readonly equals?: unknown;
  readonly not_equals?: unknown;
  readonly in?: readonly unknown[];
  readonly contains?: unknown;
  readonly matches?: string | { readonly pattern: string; readonly flags?: string };
  readonly starts_with?: string;
  readonly exists?: boolean;
  readonly gt?: number | string;
  readonly gte?: number | string;
  readonly lt?: number | string;
  readonly lte?: number | string;
}

/** The events a rule listens to, as a list. */
export function ruleEvents(rule: Pick<RuleSpec, "on">): readonly string[] {
  return typeof rule.on === "string" ? [rule.on] : rule.on;
}
