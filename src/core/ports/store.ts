/**
 * What the runtime keeps so that nothing accepted is lost and nothing is done twice: the work it
 * accepted or scheduled, the steps of that work already done, rule guards (`once`, `cooldown`),
 * event de-duplication, quota counters and dead letters.
 *
 * Two real backends pass the same contract suite (`test/store/`): embedded SQLite (the default, a
 * file under `.crisp-plugin/`) and Redis (`REDIS_URL`, for several replicas sharing work). A third,
 * in memory, is the baseline the benchmarks measure durability against and what `dev` uses.
 *
 * Every method is atomic on its own, and takes effect in the order the methods were called, whether
 * or not the caller waited in between: an operation sees the writes of those called before it, and
 * once one resolved, every write called before it has taken effect too (the runtime counts a start
 * in the same turn as the acceptance, and does not wait for a step's `done` record before going on).
 * Times are milliseconds since the epoch and always passed in
 * (`now`), never read from a clock inside the store, so tests move an injected clock; backends may
 * additionally expire keys in real time, but only well after the time the caller asked for.
 */
export interface Store {
  /** `"sqlite"`, `"redis"` or `"memory"`: shown in logs, /healthz and benchmarks. */
  readonly kind: StoreKind;

  /**
   * Records an event the plugin accepted, unless the same event was already accepted within the
   * de-duplication window: when `dedupeKey` is held until after `now`, nothing is written and the
   * answer is `"duplicate"`. Otherwise, in one atomic write, holds `dedupeKey` until `dedupeUntil`
   * and stores `item` owned by `owner.id` (lease until `owner.now + owner.leaseMs`); `now` is
   * `owner.now`. The caller acknowledges the
   * event (answers 200 to a Web Hook) only after this resolved.
   */
  accept(item: WorkItem, dedupe: DedupeClaim, owner: Lease): Promise<"accepted" | "duplicate">;

  /**
   * Stores work to do later and unowned: the rest of a rule after a `delay` step, or a replayed dead
   * letter (`dueAt` now). Replaces an item with the same id.
   */
  schedule(item: WorkItem): Promise<void>;

  /**
   * Takes the work that is due at `owner.now`: unowned items with `dueAt <= now`, and owned items
   * whose lease expired (`lease until <= now`: a replica that died). Each item returned is now owned by
   * `owner.id` with a lease until `now + leaseMs`, so two replicas never take the same item. At most `limit` items,
   * earliest `dueAt` first.
   */
  claimDue(owner: Lease, limit: number): Promise<WorkItem[]>;

  /**
   * Items owned by `owner.id`, whatever their lease, their leases renewed: what this process must
   * resume after a restart.
   */
  claimOwned(owner: Lease): Promise<WorkItem[]>;

  /**
   * Cancels scheduled (unowned) items of `conversation` whose `cancelOn` lists `eventName`; returns
   * the ids cancelled. Their step records go with them.
   */
  cancel(conversation: string, eventName: string): Promise<string[]>;

  /** Forgets a finished item and its step records; nothing happens for an unknown id. */
  complete(id: string): Promise<void>;

  /**
   * Counts one more start of item `id`, written before it runs, and answers how many times it was
   * started, this one included; 0 when there is no such item (finished or cancelled meanwhile).
   * `accept` and `schedule` (a replay too) set the count to 0. An item started again and again
   * without finishing is one the process died running: the runtime quarantines it.
   */
  countStart(id: string): Promise<number>;

  /**
   * In one write, forgets item `id` and keeps `letter` as a dead letter (replacing one with the same
   * id). The item's step records are kept: replaying the letter schedules `letter.replay`, the same
   * item, which resumes after the steps it had done; dropping it should `complete(letter.replay.id)`.
   */
  quarantine(id: string, letter: DeadLetter): Promise<void>;

  /** The step records of an item, by step key (`ruleId#stepIndex`). */
  getSteps(workId: string): Promise<ReadonlyMap<string, StepRecord>>;

  /** Records a step as started (before the action runs) or done (with its result), for `workId`. */
  setStep(workId: string, stepKey: string, record: StepRecord): Promise<void>;

  /**
   * Takes a rule guard (`once`, `cooldown`): true when `key` is free (never held, or held until
   * `now` or earlier) or already held by the same `holder` (the same event, handled again after a
   * restart); the key is then held by `holder` until `until` (`null`: for ever). False otherwise,
   * and nothing changes.
   */
  claimGuard(key: string, holder: string, until: number | null, now: number): Promise<boolean>;

  /**
   * Adds `by` to a counter and returns the new value. A counter expired at `now` (see
   * {@link readCounter}) starts again from 0; the counter is then kept until the later of its expiry
   * and `expiresAt`.
   */
  increment(key: string, by: number, expiresAt: number, now: number): Promise<number>;

  /**
   * Several {@link increment}s as one store operation (one transaction, one round trip to Redis),
   * applied in order; answers each counter's new value, in the same order.
   */
  incrementAll(increments: readonly CounterIncrement[]): Promise<number[]>;

  /** The value of a counter (0 when unknown or expired at `now`: kept until `expiresAt`, excluded). */
  readCounter(key: string, now: number): Promise<number>;

  /** Keeps a failed step with all it needs to be replayed. Replaces a letter with the same id. */
  addDeadLetter(letter: DeadLetter): Promise<void>;

  /** Dead letters, oldest first. */
  listDeadLetters(): Promise<DeadLetter[]>;

  /** Removes a dead letter and returns it; `undefined` when there is none with that id. */
  takeDeadLetter(id: string): Promise<DeadLetter | undefined>;

  /** Releases connections and file handles; the store is unusable afterwards. */
  close(): Promise<void>;
}

export type StoreKind = "sqlite" | "redis" | "memory";

/** The owner of taken work and how long it may keep it without finishing. */
export interface Lease {
  /** Stable across restarts of the same process (a hostname, `CRISP_PLUGIN_INSTANCE`). */
  readonly id: string;
  readonly leaseMs: number;
  readonly now: number;
}

export interface DedupeClaim {
  readonly key: string;
  /** Held until then; later copies of the same event are duplicates until this time. */
  readonly until: number;
}

/**
 * Something the runtime must do and has not finished: handle an accepted event, or run the rest of
 * a rule (after a delay, or replayed from a dead letter). The store keeps `payload` as an opaque
 * string; the engine writes and reads it.
 */
export interface WorkItem {
  /** Unique; step records and guard holders refer to it. */
  readonly id: string;
  /** `website_id/session_id` (session empty for website-wide events): cancellation and ordering key. */
  readonly conversation: string;
  /** When it may run (ms since the epoch). */
  readonly dueAt: number;
  /** Event names that cancel this item while it waits (`delay` with `cancel_on`). */
  readonly cancelOn: readonly string[];
  /** JSON written by the engine. */
  readonly payload: string;
}

/** A step of an item: started (the action may or may not have reached Crisp) or done. */
/** One counter's increment, as {@link Store.increment} takes it. */
export interface CounterIncrement {
  readonly key: string;
  readonly by: number;
  readonly expiresAt: number;
  readonly now: number;
}

export type StepRecord = { readonly state: "started" } | { readonly state: "done"; readonly result?: unknown };

/** A step that failed for good, with the context to understand and replay it. */
export interface DeadLetter {
  readonly id: string;
  /** When it failed (ms since the epoch). */
  readonly at: number;
  readonly websiteId: string;
  readonly sessionId?: string;
  readonly event: string;
  readonly ruleId: string;
  readonly stepIndex: number;
  readonly action: string;
  /** The error code (`CRISP_REQUEST_FAILED`...) and message. */
  readonly code: string;
  readonly reason: string;
  /** How many times the step was tried. */
  readonly attempts: number;
  /** The rendered parameters of the failed step. */
  readonly params?: unknown;
  /** The work item to schedule again to replay the step and the rest of its rule. */
  readonly replay: WorkItem;
}
