import { sendHook, type HookBody } from "./send-hook.js";
import { SIMULATOR_DEFAULTS } from "./simulator-defaults.js";

/** Where the simulator POSTs a Plugin Hook for every emitted event, as the Marketplace's Events tab sets up. */
export interface HookTarget {
  readonly url: string;
  /** The Web Hooks signing secret (not the token key). */
  readonly secret: string;
  /** Attempts per event, the first included; 3 by default (Crisp's count is unconfirmed). */
  readonly attemptLimit?: number;
  /** The wait before the second attempt, doubled before each next one; 100 ms by default. */
  readonly backoffMs?: number;
  /** An attempt with no answer by then fails (and is retried); 5 s by default. */
  readonly timeoutMs?: number;
  /** Only these events are sent, as the Marketplace lets a plugin pick them; all when left out. */
  readonly events?: readonly string[];
}

/** One attempt to deliver one hook, as `hookDeliveries()` reports it. */
export interface HookDeliveryAttempt {
  readonly event: string;
  readonly websiteId: string;
  readonly attempt: number;
  readonly attemptLimit: number;
  /** The receiver's status; `null` when none came (network error, timeout, simulator closed). */
  readonly status: number | null;
  /** Why no status came; `null` when one did. */
  readonly error: string | null;
  /** True for a 2xx answer, which ends the delivery. */
  readonly delivered: boolean;
  /** When the attempt started, from the simulator's clock. */
  readonly at: number;
}

/** What a dispatcher needs; `startCrispSimulator` builds it from its options. */
export interface HookDispatcherOptions {
  readonly target: HookTarget;
  readonly pluginId: string;
  readonly now: () => number;
  /** Waits between attempts; must reject when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the simulator closes: pending waits and requests give up. */
  readonly signal: AbortSignal;
}

/**
 * Delivers hooks in the background, retrying on a non-2xx answer or no answer, and records every
 * attempt. Which statuses Crisp retries, and how it backs off, are unconfirmed: this retries all
 * failures with a doubling wait, which is what a receiver must be ready for anyway.
 */
export class HookDispatcher {
  readonly #options: HookDispatcherOptions;
  readonly #attempts: HookDeliveryAttempt[] = [];
  readonly #pending = new Set<Promise<void>>();

  constructor(options: HookDispatcherOptions) {
    this.#options = options;
  }

  /** Starts delivering `body` unless its event is not selected or the simulator is closing. */
  dispatch(body: HookBody): void {
    const { target, signal } = this.#options;
    if (signal.aborted) return;
    if (target.events !== undefined && !target.events.includes(body.event)) return;
    // The only rejection is the backoff wait aborted by close(): the delivery just stops there.
    const delivery: Promise<void> = this.#deliver(body)
      .catch(() => undefined)
      .finally(() => this.#pending.delete(delivery));
    this.#pending.add(delivery);
  }

  /** Copies of the attempts so far, in the order they ended. */
  attempts(): HookDeliveryAttempt[] {
    return this.#attempts.map((attempt) => ({ ...attempt }));
  }

  /** Resolves once every delivery started so far, and any started meanwhile, succeeded or gave up. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  async #deliver(body: HookBody): Promise<void> {
    const { target, sleep, signal } = this.#options;
    const limit = target.attemptLimit ?? SIMULATOR_DEFAULTS.hookAttemptLimit;
    const backoffMs = target.backoffMs ?? SIMULATOR_DEFAULTS.hookBackoffMs;
    for (let attempt = 1; attempt <= limit; attempt += 1) {
      if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2), signal);
      const result = await this.#attempt(body, attempt, limit);
      this.#attempts.push(result);
      if (result.delivered || signal.aborted) return;
    }
  }

  async #attempt(body: HookBody, attempt: number, attemptLimit: number): Promise<HookDeliveryAttempt> {
    const { target, pluginId, now, signal } = this.#options;
    const at = now();
    const base = { event: body.event, websiteId: body.website_id, attempt, attemptLimit, at };
    const timeout = AbortSignal.timeout(target.timeoutMs ?? SIMULATOR_DEFAULTS.hookTimeoutMs);
    try {
      const { status } = await sendHook(target.url, target.secret, body, {
        attempt,
        attemptLimit,
        pluginId,
        // Each attempt is a new request, stamped when sent; the body keeps the event's own time.
        timestamp: at,
        signal: AbortSignal.any([signal, timeout]),
      });
      return { ...base, status, error: null, delivered: status >= 200 && status < 300 };
    } catch (error) {
      return { ...base, status: null, error: describeFailure(error), delivered: false };
    }
  }
}

/** fetch reports a refused connection as `TypeError: fetch failed` with the useful part in `cause`. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
