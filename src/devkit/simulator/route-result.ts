import type { JsonObject } from "./json-object.js";

/** An RTM event a route causes, as real Crisp emits it after a REST change (crisp-platform.md §11). */
export interface CausedEvent {
  readonly event: string;
  /** The payload without `website_id`, which the simulator adds. */
  readonly data: JsonObject;
}

/** What a route answers: an HTTP status, Crisp's `reason`, the `data` payload and extra headers. */
export interface RouteResult {
  readonly status: number;
  readonly reason: string;
  readonly data: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The events the change causes, emitted once the answer is sent (to sockets and Web Hooks), also
   * when an injected fault answers an error after the change was made.
   */
  readonly events?: readonly CausedEvent[];
}

/** A successful answer; Crisp's envelope says `reason: "resolved"` and crisp-api resolves with `data`. */
export function ok(data: unknown = {}, events?: readonly CausedEvent[]): RouteResult {
  return { status: 200, reason: "resolved", data, ...(events === undefined ? {} : { events }) };
}

/**
 * An error answer, with `data: {}` like Crisp's. `message`, when given, goes to `data.message`:
 * crisp-api copies that field into its rejection (`data.message: "Got response error: ..."`), so
 * the simulator says there what was wrong with a body, which is where a developer looks first.
 */
export function fail(status: number, reason: string, message?: string): RouteResult {
  return { status, reason, data: message === undefined ? {} : { message } };
}
