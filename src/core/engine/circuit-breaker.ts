import { KitError } from "../errors/kit-error.js";
import type { Logger } from "../logging/logger.js";

/** The window the limit counts in: a minute. */
export const BREAKER_WINDOW_MS = 60_000;

/** How many conversations between two sweeps of the quiet ones. */
const SWEEP_EVERY = 1_000;

interface ConversationCount {
  /** When each admitted action ran, with its rule, oldest first. */
  runs: { readonly at: number; readonly rule: string }[];
  /** True once refusing, until the count falls below the limit: the warning is logged once per trip. */
  open: boolean;
}

/**
 * A per-conversation circuit breaker: at most `limit` actions a minute in one conversation. A loop
 * that no analysis saw (a hook that writes what triggers it, `include_own_events`, an echo Crisp
 * delivered late) stops there: the steps over the limit are refused (`LOOP_STOPPED`, skipped, not
 * dead-lettered), and with no write no echo comes back, so the loop ends. Logged once per trip with
 * the rules involved. Counts in this process only: each replica counts its own.
 */
export class CircuitBreaker {
  readonly #conversations = new Map<string, ConversationCount>();
  readonly #now: () => number;
  readonly #log: Logger;
  #sinceSweep = 0;

  constructor(options: { readonly now: () => number; readonly log: Logger }) {
    this.#now = options.now;
    this.#log = options.log;
  }

  /** Counts an action of `rule` in `conversation`, or throws `LOOP_STOPPED` when over `limit`. */
  admit(conversation: string, rule: string, limit: number): void {
    const now = this.#now();
    const count = this.#count(conversation, now);
    if (count.runs.length < limit) {
      count.open = false;
      count.runs.push({ at: now, rule });
      return;
    }
    const rules = [...new Set([...count.runs.map((run) => run.rule), rule])];
    if (!count.open) {
      count.open = true;
      this.#log.warn(
        `circuit breaker: conversation ${conversation} ran ${limit} actions within a minute (rules ${rules.join(", ")}); ` +
          `its next actions are skipped until the rate falls. A loop? Check what these rules write, and include_own_events`,
        { conversation, rules, limit },
      );
    }
    throw new KitError(
      "LOOP_STOPPED",
      `skipped: more than ${limit} actions a minute in this conversation (rules ${rules.join(", ")})`,
      {
        context: { conversation, rules, limit },
      },
    );
  }

  #count(conversation: string, now: number): ConversationCount {
    const since = now - BREAKER_WINDOW_MS;
    let count = this.#conversations.get(conversation);
    if (count === undefined) {
      count = { runs: [], open: false };
      this.#conversations.set(conversation, count);
      this.#sinceSweep += 1;
      if (this.#sinceSweep >= SWEEP_EVERY) this.#sweep(since);
    }
    const firstFresh = count.runs.findIndex((run) => run.at > since);
    count.runs = firstFresh === -1 ? [] : count.runs.slice(firstFresh);
    return count;
  }

  /** Forgets the conversations with no action in the window. */
  #sweep(since: number): void {
    this.#sinceSweep = 0;
    for (const [conversation, count] of this.#conversations) {
      if ((count.runs.at(-1)?.at ?? 0) <= since) this.#conversations.delete(conversation);
    }
  }
}
