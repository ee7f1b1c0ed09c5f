import { KitError } from "../errors/kit-error.js";
import { silentLogger, type Logger } from "../logging/logger.js";
import type { Store } from "../ports/store.js";

/**
 * How much a step matters when the daily quota runs low: `reply` (what the customer sees,
 * `send_message`), `normal` (state, assignment, blocking, outbound HTTP, hooks) and `low` (segments,
 * data, metas, contacts, mark-read, log).
 */
export type QuotaPriority = "reply" | "normal" | "low";

/** The share of the daily quota each priority may use: low steps pause first, replies last. */
export const PRIORITY_LIMITS: Readonly<Record<QuotaPriority, number>> = { reply: 1, normal: 0.95, low: 0.8 };

/** Crisp's default plugin quota (requests per day, reset daily). */
const DEFAULT_DAILY = 5_000;
const DEFAULT_THRESHOLDS = [0.5, 0.8, 0.95];
const DAY_MS = 24 * 60 * 60 * 1000;

export interface QuotaBudgetOptions {
  /** Where the counters live, so that replicas sharing a store share the count. */
  readonly store: Pick<Store, "increment" | "incrementAll" | "readCounter">;
  /** Requests per UTC day; Crisp's default plugin quota, 5,000, when left out. */
  readonly daily?: number;
  /** Milliseconds since the epoch; `Date.now` by default. */
  readonly now?: () => number;
  readonly log?: Logger;
  /** Shares of `daily` at which to warn, once each per day; 50, 80 and 95 % by default. */
  readonly thresholds?: readonly number[];
  /** Minutes after UTC midnight at which the quota's day starts (`CRISP_QUOTA_RESET`); 0 by default. */
  readonly resetMinutes?: number;
  /** Prefix of the counter keys, for plugins sharing one store; `"quota"` by default. */
  readonly keyPrefix?: string;
  /**
   * 0 (the default): every request is written to the store at once. Above 0: requests are
   * counted in memory and added to the store at most this many ms later, and `check` trusts a
   * count read from the store within that time: a few store writes a second instead of two per
   * request, for counts at most that late (and up to that many ms of requests uncounted after a
   * crash). The runtime uses 1 s.
   */
  readonly batchMs?: number;
}

/** Requests counted today (UTC) against the daily quota. */
export interface QuotaUsage {
  readonly used: number;
  readonly daily: number;
  /** When the count starts again from 0: the next reset (ms since the epoch). */
  readonly resetsAt: number;
}

/** The plugin's daily Crisp request budget. */
export interface QuotaBudget {
  /**
   * Counts one REST request, for the plugin and for `websiteId` (`""` for a plugin-wide call), and warns when it crosses a
   * threshold. Never rejects: a store that cannot count is logged, and the request goes on.
   */
  record(websiteId: string): Promise<void>;
  /**
   * Resolves when a step of this priority may run; rejects with `QUOTA_EXHAUSTED` (kind
   * `rate-limited`, `context.resumesAt`: the next reset) when its share of the day is spent.
   */
  check(priority: QuotaPriority): Promise<void>;
  /** Today's count for the plugin, or for one website (requests counted in memory written first). */
  usage(websiteId?: string): Promise<QuotaUsage>;
  /** Writes the requests counted in memory to the store (at shutdown). */
  flush(): Promise<void>;
}

/**
 * Counts every REST request per UTC day, for the plugin and per website, in `store` (the counters
 * expire with their day), warns at the thresholds, and pauses steps by priority as the day's
 * quota runs out, so that replies to customers are the last thing the plugin stops doing.
 */
export function createQuotaBudget(options: QuotaBudgetOptions): QuotaBudget {
  const { store } = options;
  const daily = options.daily ?? DEFAULT_DAILY;
  if (!(Number.isSafeInteger(daily) && daily >= 1)) {
    throw new RangeError(`createQuotaBudget: daily must be a positive integer, got ${daily}`);
  }
  const thresholds = [...(options.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b);
  if (thresholds.some((share) => !(share > 0 && share <= 1))) {
    throw new RangeError(
      `createQuotaBudget: thresholds are shares of the quota, above 0 and at most 1; got [${thresholds.join(", ")}]`,
    );
  }
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLogger;
  const prefix = options.keyPrefix ?? "quota";
  const offsetMs = (options.resetMinutes ?? 0) * 60_000;
  // A day of the quota runs from one reset to the next: named after the UTC date it starts on.
  const keyOf = (at: number): string => `${prefix}:${new Date(at - offsetMs).toISOString().slice(0, 10)}`;
  const nextReset = (at: number): number => nextUtcMidnight(at - offsetMs) + offsetMs;
  // Thresholds this process already handled, by day: saves a store write per request.
  const warned = new Set<string>();
  let countingFails = false;

  const warnCrossed = async (used: number, at: number, resetsAt: number): Promise<void> => {
    for (const threshold of thresholds.filter((share) => used >= Math.ceil(share * daily))) {
      const key = `${keyOf(at)}:warned:${threshold}`;
      if (warned.has(key)) continue;
      warned.add(key);
      // The store decides who warns, so that replicas sharing it warn once between them.
      if ((await store.increment(key, 1, resetsAt, at)) !== 1) continue;
      log.warn(thresholdMessage(threshold, used, daily, resetsAt), { used, daily, threshold });
    }
  };

  // Requests counted here, by counter key, until the next flush: at once when batchMs is 0.
  const batchMs = options.batchMs ?? 0;
  let pending = new Map<string, { count: number; at: number }>();
  let pendingToday = 0;
  let known = { key: "", used: 0, readAt: -Infinity };
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const add = (key: string, at: number): void => {
    const entry = pending.get(key);
    if (entry) entry.count += 1;
    else pending.set(key, { count: 1, at });
  };
  const writePending = async (): Promise<void> => {
    timer = undefined;
    const batch = pending;
    pending = new Map();
    pendingToday = 0;
    try {
      // One store operation for them all: one SQLite transaction, one Redis script.
      const entries = [...batch];
      const values = await store.incrementAll(
        entries.map(([key, { count, at }]) => ({ key, by: count, expiresAt: nextReset(at), now: at })),
      );
      for (const [index, [key, { at }]] of entries.entries()) {
        const used = values[index] as number;
        if (key !== keyOf(at)) continue;
        known = { key, used, readAt: now() };
        await warnCrossed(used, at, nextReset(at));
      }
      countingFails = false;
    } catch (error) {
      if (!countingFails) log.warn(`cannot count Crisp requests against the daily quota: ${String(error)}`);
      countingFails = true;
    }
  };
  const flush = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    flushing = flushing.then(writePending);
    return flushing;
  };
  const usedToday = async (at: number): Promise<number> => {
    const key = keyOf(at);
    if (batchMs > 0 && known.key === key && at - known.readAt < batchMs) return known.used + pendingToday;
    const used = await store.readCounter(key, at);
    if (batchMs > 0) known = { key, used, readAt: at };
    return used + (batchMs > 0 ? pendingToday : 0);
  };

  return {
    record(websiteId) {
      const at = now();
      if (known.key !== "" && known.key !== keyOf(at)) known = { key: "", used: 0, readAt: -Infinity };
      add(keyOf(at), at);
      if (websiteId !== "") add(`${keyOf(at)}:website:${websiteId}`, at);
      pendingToday += 1;
      if (batchMs <= 0) return flush();
      timer ??= setTimeout(() => void flush(), batchMs).unref();
      return Promise.resolve();
    },
    async check(priority) {
      const at = now();
      const used = await usedToday(at);
      if (used < Math.ceil(PRIORITY_LIMITS[priority] * daily)) return;
      const resumesAt = nextReset(at);
      throw new KitError(
        "QUOTA_EXHAUSTED",
        `${used}/${daily} Crisp requests used today: ${priority}-priority steps are paused until ` +
          `${new Date(resumesAt).toISOString()} (the quota's daily reset); raise the plugin quota in the Crisp Marketplace ` +
          "if this happens often",
        { kind: "rate-limited", context: { priority, used, daily, resumesAt } },
      );
    },
    async usage(websiteId) {
      await flush();
      const at = now();
      const key = websiteId === undefined ? keyOf(at) : `${keyOf(at)}:website:${websiteId}`;
      return { used: await store.readCounter(key, at), daily, resetsAt: nextReset(at) };
    },
    flush,
  };
}

/** When Crisp next resets the daily quota after `at`: `minutes` after a UTC midnight (ms since the epoch). */
export function nextQuotaReset(at: number, minutes: number): number {
  const offsetMs = minutes * 60_000;
  return nextUtcMidnight(at - offsetMs) + offsetMs;
}

/** The next UTC midnight after `at` (ms since the epoch). */
export function nextUtcMidnight(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS + DAY_MS;
}

/** `Crisp daily quota: 4000/5000 requests used today (80 %, UTC); low-priority steps are paused...` */
function thresholdMessage(threshold: number, used: number, daily: number, resetsAt: number): string {
  const limits = (Object.entries(PRIORITY_LIMITS) as [QuotaPriority, number][]).sort(([, a], [, b]) => a - b);
  const paused = limits.filter(([, share]) => used >= Math.ceil(share * daily)).map(([priority]) => priority);
  const next = limits.find(([, share]) => used < Math.ceil(share * daily));
  const parts = [`Crisp daily quota: ${used}/${daily} requests used today (${Math.round(threshold * 100)} %, UTC)`];
  if (paused.length > 0) {
    parts.push(`${paused.join(" and ")}-priority steps are paused until ${new Date(resetsAt).toISOString()}`);
  }
  if (next !== undefined) parts.push(`${next[0]}-priority steps pause at ${Math.round(next[1] * 100)} %`);
  return parts.join("; ");
}
