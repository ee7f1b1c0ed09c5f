import { randomInt } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { KitError } from "../errors/kit-error.js";
import { REST_SCOPES, type CrispRest } from "./crisp-rest.js";
import { decideRetry, RETRY_DEFAULTS, type RetryPolicy } from "./decide-retry.js";
import { toKitError } from "./to-kit-error.js";
import { wasMessageDelivered } from "./was-message-delivered.js";

/** One REST request about to be made: what quota counters and metrics count. */
export interface RestAttempt {
  readonly route: keyof CrispRest;
  readonly websiteId: string;
  /** Which try of the call this request belongs to, from 1 (a delivery check shares its send's). */
  readonly attempt: number;
}

/** A failed attempt that will be tried again after `delayMs`. */
export interface RestRetry extends RestAttempt {
  readonly delayMs: number;
  readonly error: KitError;
}

/** The retry policy (see {@link RETRY_DEFAULTS}) and the world it runs in. */
export interface RetryOptions extends Partial<RetryPolicy> {
  /** How to wait between attempts; a real timer by default. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for the jitter; `Math.random` by default. */
  readonly random?: () => number;
  /** The clock an HTTP-date `Retry-After` is read against; `Date.now` by default. */
  readonly now?: () => number;
  /** Called, and awaited, before every REST request: retries and delivery checks included. */
  readonly onAttempt?: (attempt: RestAttempt) => void | Promise<void>;
  /** Called before waiting to try again. */
  readonly onRetry?: (retry: RestRetry) => void;
  /** Batches of messages a delivery check may read ({@link wasMessageDelivered}); 3 by default. */
  readonly deliveryCheckPages?: number;
}

type Attempt<T> = (attempt: number) => Promise<T>;
type Retrying = <T>(
  route: keyof CrispRest,
  websiteId: string,
  attempt: Attempt<T>,
  finalContext?: () => Record<string, unknown>,
) => Promise<T>;

const noop = (): void => {};

/**
 * The one retry layer of the REST calls: rate limits (420/429) and retryable failures (5xx,
 * network, timeouts) are tried again, waiting what `Retry-After` says when Crisp says it, else an
 * exponential backoff with full jitter; other 4xx fail at once. The final error keeps its code and
 * kind and gains `attempts` (and `retryAfterMs` when Crisp asked to wait longer than
 * `retryAfterCapMs`: schedule the step later instead).
 *
 * `sendMessage` is not repeated blindly: after a failure that may have reached Crisp (5xx,
 * timeout, network), the next attempt first looks for the message's fingerprint in the
 * conversation and, when it is there, resolves with it instead of sending again. A message
 * without a fingerprint gets a random one so that this check works; the engine should pass a
 * deterministic one, so that a step resumed after a crash can be checked the same way.
 */
export function withRetries(rest: CrispRest, options: RetryOptions = {}): CrispRest {
  const retrying = createRetrying(options);
  const onAttempt = options.onAttempt ?? noop;
  const wrapped = {} as Record<keyof CrispRest, unknown>;
  // REST_SCOPES lists every call, also for views whose keys cannot be enumerated (proxies).
  for (const route of Object.keys(REST_SCOPES) as (keyof CrispRest)[]) {
    wrapped[route] = (...args: unknown[]) => {
      const websiteId = String(args[0]);
      return retrying(route, websiteId, async (attempt) => {
        await onAttempt({ route, websiteId, attempt });
        return (rest[route] as (...args: unknown[]) => Promise<unknown>)(...args);
      });
    };
  }
  wrapped.sendMessage = sendOnce(rest, retrying, options);
  return wrapped as unknown as CrispRest;
}

/**
 * Retries one call that is not a {@link CrispRest} route (finding the plugin id, paging through
 * the subscribed websites at start-up) with the same policy: a Crisp hiccup while starting must
 * not stop the plugin. `what` names the call in errors.
 */
export function retryCall<T>(what: string, run: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return createRetrying(options)(what as keyof CrispRest, "", () => run());
}

function createRetrying(options: RetryOptions): Retrying {
  const policy: RetryPolicy = {
    attempts: options.attempts ?? RETRY_DEFAULTS.attempts,
    baseMs: options.baseMs ?? RETRY_DEFAULTS.baseMs,
    factor: options.factor ?? RETRY_DEFAULTS.factor,
    capMs: options.capMs ?? RETRY_DEFAULTS.capMs,
    retryAfterCapMs: options.retryAfterCapMs ?? RETRY_DEFAULTS.retryAfterCapMs,
  };
  if (!Number.isSafeInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`withRetries: attempts must be an integer from 1, got ${policy.attempts}`);
  }
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const onRetry = options.onRetry ?? noop;
  return async (route, websiteId, attempt, finalContext) => {
    for (let number = 1; ; number += 1) {
      try {
        return await attempt(number);
      } catch (thrown) {
        const error = toKitError(thrown, route);
        const decision = decideRetry(error, number, policy, random, now());
        if (!decision.retry) {
          throw finalError(error, number, decision.retryAfterMs, policy, finalContext?.() ?? {});
        }
        onRetry({ route, websiteId, attempt: number, delayMs: decision.delayMs, error });
        await sleep(decision.delayMs);
      }
    }
  };
}

function finalError(
  error: KitError,
  attempts: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  extra: Record<string, unknown>,
): KitError {
  const tries = attempts === 1 ? "" : ` (gave up after ${attempts} attempts)`;
  const tooLong =
    retryAfterMs === undefined || retryAfterMs <= policy.retryAfterCapMs
      ? ""
      : `; Crisp asks to wait ${Math.ceil(retryAfterMs / 1000)} s, longer than the ` +
        `${Math.ceil(policy.retryAfterCapMs / 1000)} s waited in place: run the step again later`;
  return new KitError(error.code, `${error.message}${tries}${tooLong}`, {
    ...(error.cause === undefined ? {} : { cause: error.cause }),
    kind: error.kind,
    context: { ...error.context, ...extra, attempts, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
  });
}

/** `sendMessage` with retries that check, after a send that may have reached Crisp, before sending again. */
function sendOnce(rest: CrispRest, retrying: Retrying, options: RetryOptions): CrispRest["sendMessage"] {
  const onAttempt = options.onAttempt ?? noop;
  const pages = options.deliveryCheckPages === undefined ? {} : { pages: options.deliveryCheckPages };
  return (websiteId, sessionId, message) => {
    // Crisp's fingerprints are integers of up to 15 digits or so; a random one marks this send.
    const fingerprint = message.fingerprint ?? randomInt(1, 2 ** 47);
    const sent = { ...message, fingerprint };
    // The last failure of a send that may have reached Crisp, until a check tells.
    let uncertain: KitError | undefined;
    const checkDelivered = async (attempt: number, previous: KitError): Promise<boolean> => {
      const counted: Pick<CrispRest, "listMessages"> = {
        listMessages: async (...args) => {
          await onAttempt({ route: "listMessages", websiteId, attempt });
          return rest.listMessages(...args);
        },
      };
      try {
        return await wasMessageDelivered(counted, websiteId, sessionId, fingerprint, pages);
      } catch (thrown) {
        throw uncheckedSend(previous, toKitError(thrown, "listMessages"));
      }
    };
    const send = async (attempt: number): Promise<{ fingerprint?: number }> => {
      if (uncertain !== undefined) {
        if (await checkDelivered(attempt, uncertain)) return { fingerprint };
        uncertain = undefined;
      }
      await onAttempt({ route: "sendMessage", websiteId, attempt });
      try {
        return await rest.sendMessage(websiteId, sessionId, sent);
      } catch (thrown) {
        const error = toKitError(thrown, "sendMessage", { websiteId, sessionId });
        if (error.kind === "retryable") uncertain = error;
        throw error;
      }
    };
    return retrying("sendMessage", websiteId, send, () => ({
      fingerprint,
      ...(uncertain === undefined ? {} : { delivery: "unknown" }),
    }));
  };
}

/** The error of a send that may have reached Crisp when looking for it failed too. */
function uncheckedSend(previous: KitError, check: KitError): KitError {
  const next = check.kind === "unrecoverable" ? "; it is not sent again, so as not to send it twice" : "";
  return new KitError(
    "CRISP_REQUEST_FAILED",
    `sendMessage may have reached Crisp (${previous.message}), and looking for it failed: ${check.message}${next}`,
    { cause: check, kind: check.kind, context: { ...check.context, route: "sendMessage" } },
  );
}
