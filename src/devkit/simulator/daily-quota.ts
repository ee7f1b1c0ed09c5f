import { nextQuotaReset } from "../../core/crisp/quota-budget.js";

/** A plugin token's daily request quota, as the simulator enforces it. */
export interface DailyQuotaOptions {
  /** Requests answered per day; the next ones get `429` until the reset. */
  readonly limit: number;
  /** Minutes after UTC midnight at which the day starts again; 0 (UTC midnight) by default. */
  readonly resetMinutes?: number;
}

/**
 * Counts requests against a daily quota on the simulator's clock: once `limit` were answered, every
 * request gets `429` (with no `Retry-After`, as Crisp documents none) until the clock passes the reset.
 */
export class DailyQuota {
  readonly #limit: number;
  readonly #resetMinutes: number;
  readonly #now: () => number;
  #used = 0;
  #resetsAt: number;

  constructor(options: DailyQuotaOptions, now: () => number) {
    if (!(Number.isSafeInteger(options.limit) && options.limit >= 0)) {
      throw new RangeError(`startCrispSimulator: dailyQuota.limit must be an integer from 0, got ${options.limit}`);
    }
    this.#limit = options.limit;
    this.#resetMinutes = options.resetMinutes ?? 0;
    this.#now = now;
    this.#resetsAt = nextQuotaReset(now(), this.#resetMinutes);
  }

  /** Counts one request; false when the day's quota is already spent (the request is refused). */
  take(): boolean {
    const at = this.#now();
    if (at >= this.#resetsAt) {
      this.#used = 0;
      this.#resetsAt = nextQuotaReset(at, this.#resetMinutes);
    }
    if (this.#used >= this.#limit) return false;
    this.#used += 1;
    return true;
  }
}
