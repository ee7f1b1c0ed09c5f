import type { RouteResult } from "./route-result.js";

/**
 * A failure to inject into the next matching calls: an error status (429, 420, 500...), a delay,
 * or both. With only `delayMs`, the call is answered normally, late.
 */
export interface InjectedFailure {
  /** The crisp-api method name to hit (`sendMessageInConversation`); any route when left out. */
  readonly route?: string;
  /** The HTTP status to answer with, from 400. */
  readonly status?: number;
  /** Crisp's `reason`; a plausible one per status when left out (Crisp's own are unconfirmed). */
  readonly reason?: string;
  /** How many matching calls to affect; 1 by default. */
  readonly times?: number;
  /** Sent as a `Retry-After` header (Crisp documents none; this tests clients that honour it). */
  readonly retryAfterSeconds?: number;
  /** Waits this long before answering. */
  readonly delayMs?: number;
}

const DEFAULT_REASONS: Readonly<Record<number, string>> = {
  400: "invalid_data",
  401: "invalid_session",
  403: "not_allowed",
  404: "not_found",
  420: "rate_limited",
  429: "rate_limited",
  500: "internal_error",
  502: "bad_gateway",
  503: "service_unavailable",
};

/** Queued failures, consumed by the calls they match, first queued first used. */
export class FailureInjector {
  readonly #pending: { failure: InjectedFailure; remaining: number }[] = [];

  /** Queues a failure; throws on a status below 400 or a count that is not a positive integer. */
  add(failure: InjectedFailure): void {
    const times = failure.times ?? 1;
    if (!Number.isSafeInteger(times) || times < 1)
      throw new RangeError(`failNext: times must be a positive integer, got ${times}`);
    if (
      failure.status !== undefined &&
      !(Number.isSafeInteger(failure.status) && failure.status >= 400 && failure.status <= 599)
    ) {
      throw new RangeError(`failNext: status must be an HTTP error status (400-599), got ${failure.status}`);
    }
    this.#pending.push({ failure: { ...failure }, remaining: times });
  }

  /** The failure for a call to `route`, counted as used; `undefined` when none is queued for it. */
  take(route: string): InjectedFailure | undefined {
    const index = this.#pending.findIndex(({ failure }) => failure.route === undefined || failure.route === route);
    const entry = this.#pending[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.#pending.splice(index, 1);
    return entry.failure;
  }

  /** Drops every queued failure. */
  clear(): void {
    this.#pending.length = 0;
  }
}

/** The answer an injected failure gives, or `undefined` when it only delays. */
export function injectedAnswer(failure: InjectedFailure): RouteResult | undefined {
  if (failure.status === undefined) return undefined;
  const reason = failure.reason ?? DEFAULT_REASONS[failure.status] ?? "error";
  const headers =
    failure.retryAfterSeconds === undefined ? undefined : { "Retry-After": String(failure.retryAfterSeconds) };
  return { status: failure.status, reason, data: {}, ...(headers === undefined ? {} : { headers }) };
}
