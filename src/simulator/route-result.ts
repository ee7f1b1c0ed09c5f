/** What a route answers: an HTTP status, Crisp's `reason`, the `data` payload and extra headers. */
export interface RouteResult {
  readonly status: number;
  readonly reason: string;
  readonly data: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A successful answer; Crisp's envelope says `reason: "resolved"` and crisp-api resolves with `data`. */
export function ok(data: unknown = {}): RouteResult {
  return { status: 200, reason: "resolved", data };
}

/**
 * An error answer, with `data: {}` like Crisp's. `message`, when given, goes to `data.message`:
 * crisp-api copies that field into its rejection (`data.message: "Got response error: ..."`), so
 * the simulator says there what was wrong with a body, which is where a developer looks first.
 */
export function fail(status: number, reason: string, message?: string): RouteResult {
  return { status, reason, data: message === undefined ? {} : { message } };
}
