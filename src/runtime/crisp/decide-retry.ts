import type { KitError } from "../../core/errors/kit-error.js";

/** How hard to retry one REST call. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** The backoff ceiling of the first retry (ms); each retry multiplies it by `factor`. */
  readonly baseMs: number;
  readonly factor: number;
  /** The backoff ceiling never goes past this (ms). */
  readonly capMs: number;
  /**
   * The longest `Retry-After` waited for in place (ms). Crisp asking for longer means the caller
   * should give the step up and schedule it later rather than hold a worker.
   */
  readonly retryAfterCapMs: number;
}

/** 5 attempts, full jitter under 250 ms × 2ⁿ capped at 30 s; `Retry-After` honoured up to 60 s. */
export const RETRY_DEFAULTS: RetryPolicy = {
  attempts: 5,
  baseMs: 250,
  factor: 2,
  capMs: 30_000,
  retryAfterCapMs: 60_000,
};

/** Wait `delayMs` then try again, or stop (with how long Crisp asked to wait, when longer than the cap). */
export type RetryDecision =
  { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly retryAfterMs?: number };

/**
 * What to do after attempt number `attempt` failed with `error`. Unrecoverable errors are never
 * retried. A `Retry-After` (the gateway keeps it in `context.retryAfter`) replaces the
 * backoff; otherwise the wait is "full jitter": uniform between 0 and the exponential ceiling, so
 * that many plugins throttled together do not come back together.
 */
export function decideRetry(
  error: KitError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  now: number,
): RetryDecision {
  if (error.kind === "unrecoverable") return { retry: false };
  const retryAfterMs = parseRetryAfter(error.context.retryAfter, now);
  // Only a wait longer than is waited in place is handed on (the step and the rest of its rule then
  // run again after it, as separate work). Attempts used up while Crisp asked for a short wait are a
  // failure like any other (a dead letter): deferring them would let the conversation's next events
  // overtake this one, which nothing about a short wait calls for.
  if (retryAfterMs !== undefined && retryAfterMs > policy.retryAfterCapMs) return { retry: false, retryAfterMs };
  if (attempt >= policy.attempts) return { retry: false };
  if (retryAfterMs !== undefined) return { retry: true, delayMs: retryAfterMs };
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** (attempt - 1));
  return { retry: true, delayMs: Math.floor(random() * ceiling) };
}

/** A `Retry-After` value in ms from `now`: delay-seconds or an HTTP date; `undefined` when unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; V8 would also read "1.5" as a date.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
