import { setTimeout as delay } from "node:timers/promises";
import type { Histogram } from "prom-client";
import { KitError } from "../../core/errors/kit-error.js";
import { silentLogger, type Logger } from "../../core/logging/logger.js";
import { CrispAnswer } from "./crisp-answer.js";
import type { CrispApi } from "../../core/crisp/crisp-api.js";
import { decideRetry, RETRY_DEFAULTS, type RetryPolicy } from "./decide-retry.js";
import { GatewayClient } from "./gateway-client.js";
import { nextQuotaReset, type QuotaBudget } from "../../core/crisp/quota-budget.js";
import { createCrispRequest, type CrispHttpOptions } from "./request-crisp.js";
import { ROUTE_CATALOG, type CrispService, type RouteUse } from "./route-catalog.js";
import { sendOnce, type Retrying } from "./send-once.js";

export type { CrispApi };

/** One REST request about to be made: what quota counters and metrics count. */
export interface RestAttempt {
  /** The crisp-api method, such as `sendMessageInConversation`. */
  readonly route: string;
  /** The website the call is about; `""` for plugin-wide calls (`plugin/connect/*`). */
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
  /** Called, and awaited, before every REST request: retries and delivery checks included. */
  readonly onAttempt?: (attempt: RestAttempt) => void | Promise<void>;
  /** Called before waiting to try again. */
  readonly onRetry?: (retry: RestRetry) => void;
  /** Batches of messages a delivery check may read (`wasMessageDelivered`); 3 by default. */
  readonly deliveryCheckPages?: number;
}

/** How the gateway reaches Crisp and what it does around each request. */
export interface CrispGatewayOptions extends CrispHttpOptions {
  readonly retry?: RetryOptions;
  /** Counts every request (start-up, reconciliation and settings included); see also `useBudget`. */
  readonly budget?: QuotaBudget;
  /** Each request's latency and outcome, by crisp-api method. */
  readonly histogram?: Histogram<"route" | "outcome">;
  /** The clock (ms since the epoch): `Retry-After` dates and the quota's reset are read against it. */
  readonly now?: () => number;
  /** Minutes after UTC midnight at which Crisp resets the daily quota; 0 by default. */
  readonly quotaResetMinutes?: number;
  /** Told once each time the daily quota is found spent (a 420/429 without `Retry-After`). */
  readonly log?: Logger;
}

/**
 * The one way to Crisp: every REST call of the plugin (actions, hooks, start-up paging,
 * reconciliation, settings) goes through `call`, which checks the scope, counts the request
 * against the daily quota, times it, retries what Crisp may answer better next time and, for
 * `sendMessageInConversation`, checks before sending again. Only Crisp's own answers are Crisp
 * failures (`CRISP_REQUEST_FAILED`); an error raised elsewhere is passed on as it is, not retried.
 */
export interface CrispGateway {
  /**
   * Runs crisp-api's `client[service][method](...args)`. With `granted` (`"<scope> <access>"`
   * entries), a method needing anything else rejects with `SCOPE_NOT_GRANTED`, as with a
   * production token; methods no plugin token can call always do.
   */
  call(
    service: CrispService,
    method: string,
    args: readonly unknown[],
    granted?: ReadonlySet<string>,
    options?: CallOptions,
  ): Promise<unknown>;
  /**
   * crisp-api's `website` and `plugin` resources, each method going through `call` with `granted`;
   * `before` sees each call first (what the plugin writes, to know its echo).
   */
  api(
    granted?: ReadonlySet<string>,
    before?: (service: CrispService, method: string, args: readonly unknown[]) => void,
  ): CrispApi;
  /** Counts requests from now on, those made before included (start-up calls precede the store). */
  useBudget(budget: QuotaBudget): void;
  /** When the daily quota was found spent: the time (ms) it resets; `undefined` when not paused. */
  quotaPausedUntil(): number | undefined;
  /**
   * Closes the connections to Crisp kept open between requests; calls made after it fail. Requests
   * in flight finish first, which the promise waits for.
   */
  close(): Promise<void>;
}

/** How one call is made. */
export interface CallOptions {
  /**
   * For `sendMessageInConversation`: the message may have been sent before (a step resumed after
   * a crash), so the conversation is searched for its fingerprint before the first attempt.
   */
  readonly mayHaveRun?: boolean;
}

interface IndexedRoute {
  readonly use: RouteUse;
  /** Whether the first argument names the website (counted per website in the budget). */
  readonly byWebsite: boolean;
}

const ROUTES = new Map<string, IndexedRoute>(
  (Object.entries(ROUTE_CATALOG) as [CrispService, Record<string, readonly [string, string, RouteUse]>][]).flatMap(
    ([service, methods]) =>
      Object.entries(methods).map(([method, [, path, use]]): [string, IndexedRoute] => [
        `${service}.${method}`,
        { use, byWebsite: /^(website|plugins\/subscription|plans\/subscription)\/\{website_id\}/.test(path) },
      ]),
  ),
);

/** Creates the gateway on crisp-api's route builders and our own HTTP layer. */
export function createCrispGateway(options: CrispGatewayOptions): CrispGateway {
  const request = createCrispRequest(options);
  const client = new GatewayClient(request, options.restHost) as unknown as Record<
    CrispService,
    Record<string, (...args: unknown[]) => Promise<unknown>>
  >;
  const retry = options.retry ?? {};
  const policy = readPolicy(retry);
  const sleep = retry.sleep ?? ((ms: number) => delay(ms));
  const random = retry.random ?? Math.random;
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLogger;
  const resetMinutes = options.quotaResetMinutes ?? 0;
  const { histogram } = options;
  let budget = options.budget;
  let uncounted: string[] = [];
  let pausedUntil: number | undefined;

  const count = (attempt: RestAttempt): void | Promise<void> => {
    if (budget === undefined) uncounted.push(attempt.websiteId);
    const recorded = budget?.record(attempt.websiteId);
    return retry.onAttempt === undefined ? recorded : Promise.resolve(recorded).then(() => retry.onAttempt?.(attempt));
  };

  /** One request: counted, timed, and Crisp's refusal turned into a `KitError`. */
  const attemptOnce = async (service: CrispService, method: string, args: readonly unknown[], attempt: RestAttempt) => {
    await count(attempt);
    const stop = histogram?.startTimer({ route: method });
    try {
      const result = await (client[service][method] as (...a: unknown[]) => Promise<unknown>)(...args);
      stop?.({ outcome: "ok" });
      return result;
    } catch (error) {
      stop?.({ outcome: "error" });
      throw error instanceof CrispAnswer ? toCrispFailure(error, method, attempt.websiteId) : error;
    }
  };

  const quotaSpent = (route: string): KitError => {
    const at = now();
    const until = pausedUntil ?? nextQuotaReset(at, resetMinutes);
    return new KitError(
      "CRISP_REQUEST_FAILED",
      `${route}: the plugin's daily Crisp quota is spent (Crisp answered 429/420): Crisp calls wait until ` +
        `${new Date(until).toISOString()}, when it resets`,
      { kind: "rate-limited", context: { route, quota: "spent", retryAfterMs: Math.max(0, until - at) } },
    );
  };

  const pause = (route: string): KitError => {
    const at = now();
    if (pausedUntil === undefined || pausedUntil <= at) {
      pausedUntil = nextQuotaReset(at, resetMinutes);
      log.warn(
        `Crisp daily quota spent (Crisp answered 429/420 to ${route}): Crisp calls and the steps making them wait ` +
          `in the store until ${new Date(pausedUntil).toISOString()} (CRISP_QUOTA_RESET); raise the plugin quota in ` +
          "the Crisp Marketplace if this happens often",
        { until: new Date(pausedUntil).toISOString() },
      );
    }
    return quotaSpent(route);
  };

  /** Tries `run` by the policy; only Crisp's answers are retried, and a spent quota never is. */
  const retrying: Retrying = async (route, websiteId, run, extra) => {
    for (let number = 1; ; number += 1) {
      if (pausedUntil !== undefined && pausedUntil > now()) throw quotaSpent(route);
      try {
        return await run(number);
      } catch (thrown) {
        if (!(thrown instanceof KitError) || thrown.code !== "CRISP_REQUEST_FAILED") throw thrown;
        if (isQuotaSpent(thrown)) throw pause(route);
        const decision = decideRetry(thrown, number, policy, random, now());
        if (!decision.retry) throw finalError(thrown, number, decision.retryAfterMs, policy, extra?.() ?? {});
        retry.onRetry?.({ route, websiteId, attempt: number, delayMs: decision.delayMs, error: thrown });
        await sleep(decision.delayMs);
      }
    }
  };

  const call: CrispGateway["call"] = (service, method, args, granted, callOptions) => {
    const route = ROUTES.get(`${service}.${method}`);
    if (route === undefined) return Promise.reject(unknownMethod(service, method));
    const refusal = refuse(route.use, method, granted);
    if (refusal !== undefined) return Promise.reject(refusal);
    const websiteId = route.byWebsite ? String(args[0]) : "";
    const once = (attempt: number, name = method, callArgs = args) =>
      attemptOnce(service, name, callArgs, { route: name, websiteId, attempt });
    if (service === "website" && method === "sendMessageInConversation") {
      const canCheck = refuse(messagesRead, "getMessagesInConversation", granted);
      const mayHaveRun = callOptions?.mayHaveRun === true;
      return sendOnce(args, { retrying, once, canCheck, pages: retry.deliveryCheckPages ?? 3, mayHaveRun });
    }
    return retrying(method, websiteId, (attempt) => once(attempt));
  };

  return {
    call,
    api(granted, before) {
      const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
      for (const service of ["website", "plugin"] as const) {
        const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
        for (const method of Object.keys(ROUTE_CATALOG[service])) {
          methods[method] = (...args) => {
            before?.(service, method, args);
            return call(service, method, args, granted);
          };
        }
        api[service] = methods;
      }
      return api as unknown as CrispApi;
    },
    useBudget(next) {
      budget = next;
      for (const websiteId of uncounted) void next.record(websiteId);
      uncounted = [];
    },
    quotaPausedUntil: () => (pausedUntil !== undefined && pausedUntil > now() ? pausedUntil : undefined),
    close: () => request.close(),
  };
}

const messagesRead: RouteUse = { scope: "website:conversation:messages", access: "read" };

/** Why a call may not be made with `granted`, or `undefined` when it may. */
function refuse(use: RouteUse, method: string, granted: ReadonlySet<string> | undefined): KitError | undefined {
  if (use === "not-for-plugins") {
    return new KitError(
      "SCOPE_NOT_GRANTED",
      `${method} is not available to plugin tokens (user tier, or no plugin scope grants it)`,
      { context: { route: method } },
    );
  }
  if (use === "no-scope" || granted === undefined || granted.has(`${use.scope} ${use.access}`)) return undefined;
  return new KitError(
    "SCOPE_NOT_GRANTED",
    `${method} needs scope ${use.scope} with ${use.access} access, which the manifest does not declare`,
    { context: { route: method, scope: use.scope, access: use.access } },
  );
}

function unknownMethod(service: string, method: string): KitError {
  return new KitError("SCOPE_NOT_GRANTED", `${service}.${method} is not a crisp-api method the gateway knows`, {
    context: { route: `${service}.${method}` },
  });
}

/** A 420/429 without `Retry-After`: a plugin token's daily quota is spent (crisp-platform.md §11). */
function isQuotaSpent(error: KitError): boolean {
  const { status, retryAfter } = error.context;
  return (status === 429 || status === 420) && retryAfter === undefined;
}

/**
 * Crisp's answer as a `KitError`: 420/429 are rate limits; 5xx and no answer are retryable (the
 * request may be tried again); other 4xx are not.
 */
function toCrispFailure(answer: CrispAnswer, route: string, websiteId: string): KitError {
  const { status, reason, retryAfter } = answer;
  const kind =
    status === 420 || status === 429 ? "rate-limited" : status === 0 || status >= 500 ? "retryable" : "unrecoverable";
  return new KitError("CRISP_REQUEST_FAILED", `${route}: ${answer.message}`, {
    cause: answer,
    kind,
    context: {
      route,
      status,
      reason,
      ...(websiteId === "" ? {} : { websiteId }),
      ...(retryAfter === undefined ? {} : { retryAfter }),
    },
  });
}

function readPolicy(options: Partial<RetryPolicy>): RetryPolicy {
  const policy: RetryPolicy = {
    attempts: options.attempts ?? RETRY_DEFAULTS.attempts,
    baseMs: options.baseMs ?? RETRY_DEFAULTS.baseMs,
    factor: options.factor ?? RETRY_DEFAULTS.factor,
    capMs: options.capMs ?? RETRY_DEFAULTS.capMs,
    retryAfterCapMs: options.retryAfterCapMs ?? RETRY_DEFAULTS.retryAfterCapMs,
  };
  if (!Number.isSafeInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`createCrispGateway: attempts must be an integer from 1, got ${policy.attempts}`);
  }
  return policy;
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
