import { CLEAN_UP_MARGIN_MS } from "./clean-up-margin.js";
import { compareDeadLetters } from "./compare-dead-letters.js";
import { compareWorkItems } from "./compare-work-items.js";
import { ExpiryBuckets } from "./expiry-buckets.js";
import { settle } from "./settle.js";
import type {
  CounterIncrement,
  DeadLetter,
  DedupeClaim,
  Lease,
  Store,
  StepRecord,
  WorkItem,
} from "../../core/ports/store.js";

interface Entry {
  readonly item: WorkItem;
  owner: string | undefined;
  leaseUntil: number;
  starts: number;
}

interface Held {
  readonly holder: string;
  readonly until: number | null;
}

interface Counter {
  readonly value: number;
  readonly expiresAt: number;
}

/** Expired de-duplication keys and counters are swept after this many writes. */
const SWEEP_EVERY = 256;

/**
 * A {@link Store} in process memory: what `dev` uses, and the baseline the benchmarks measure the
 * durable backends against. Nothing survives the process. Step results and dead letters are kept as
 * JSON text, like the durable backends, so a caller sees exactly what it would see there (an
 * `undefined` result comes back absent, a `Date` as a string) and cannot change a record by mutating
 * an object it passed or received.
 */
export function createMemoryStore(): Store {
  return new MemoryStore();
}

class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly items = new Map<string, Entry>();
  private readonly steps = new Map<string, Map<string, string>>();
  private readonly dedupe = new Map<string, number>();
  private readonly guards = new Map<string, Held>();
  private readonly counters = new Map<string, Counter>();
  private readonly deadLetters = new Map<string, string>();
  /** When each de-duplication key, counter and guard (not one held for ever) may be forgotten. */
  private readonly expiring = {
    dedupe: new ExpiryBuckets(),
    counters: new ExpiryBuckets(),
    guards: new ExpiryBuckets(),
  };
  private writes = 0;
  private closed = false;

  accept(item: WorkItem, claim: DedupeClaim, owner: Lease): Promise<"accepted" | "duplicate"> {
    return this.run(() => {
      const held = this.dedupe.get(claim.key);
      if (held !== undefined && held > owner.now) return "duplicate";
      this.dedupe.set(claim.key, claim.until);
      this.expiring.dedupe.add(claim.key, claim.until);
      this.items.set(item.id, {
        item: copyItem(item),
        owner: owner.id,
        leaseUntil: owner.now + owner.leaseMs,
        starts: 0,
      });
      this.sweep(owner.now);
      return "accepted";
    });
  }

  schedule(item: WorkItem): Promise<void> {
    return this.run(() => {
      this.items.set(item.id, { item: copyItem(item), owner: undefined, leaseUntil: 0, starts: 0 });
    });
  }

  claimDue(owner: Lease, limit: number): Promise<WorkItem[]> {
    return this.run(() =>
      [...this.items.values()]
        .filter((entry) => isDue(entry, owner.now))
        .sort((a, b) => compareWorkItems(a.item, b.item))
        .slice(0, Math.max(0, limit))
        .map((entry) => take(entry, owner)),
    );
  }

  claimOwned(owner: Lease): Promise<WorkItem[]> {
    return this.run(() =>
      [...this.items.values()]
        .filter((entry) => entry.owner === owner.id)
        .map((entry) => take(entry, owner))
        .sort(compareWorkItems),
    );
  }

  cancel(conversation: string, eventName: string): Promise<string[]> {
    return this.run(() => {
      const cancelled = [...this.items.values()]
        .filter(({ item, owner }) => owner === undefined && item.conversation === conversation)
        .filter(({ item }) => item.cancelOn.includes(eventName))
        .map(({ item }) => item.id)
        .sort();
      for (const id of cancelled) this.forget(id);
      return cancelled;
    });
  }

  complete(id: string): Promise<void> {
    return this.run(() => {
      this.forget(id);
    });
  }

  countStart(id: string): Promise<number> {
    return this.run(() => {
      const entry = this.items.get(id);
      if (entry === undefined) return 0;
      entry.starts += 1;
      return entry.starts;
    });
  }

  quarantine(id: string, letter: DeadLetter): Promise<void> {
    return this.run(() => {
      this.items.delete(id);
      this.deadLetters.set(letter.id, JSON.stringify(letter));
    });
  }

  getSteps(workId: string): Promise<ReadonlyMap<string, StepRecord>> {
    return this.run(() => {
      const records = new Map<string, StepRecord>();
      for (const [key, json] of this.steps.get(workId) ?? []) records.set(key, JSON.parse(json) as StepRecord);
      return records;
    });
  }

  setStep(workId: string, stepKey: string, record: StepRecord): Promise<void> {
    return this.run(() => {
      const records = this.steps.get(workId) ?? new Map<string, string>();
      records.set(stepKey, JSON.stringify(record));
      this.steps.set(workId, records);
    });
  }

  claimGuard(key: string, holder: string, until: number | null, now: number): Promise<boolean> {
    return this.run(() => {
      const held = this.guards.get(key);
      const free = held === undefined || (held.until !== null && held.until <= now) || held.holder === holder;
      if (!free) return false;
      this.guards.set(key, { holder, until });
      if (until !== null) this.expiring.guards.add(key, until);
      this.sweep(now);
      return true;
    });
  }

  increment(key: string, by: number, expiresAt: number, now: number): Promise<number> {
    return this.run(() => this.add({ key, by, expiresAt, now }));
  }

  incrementAll(increments: readonly CounterIncrement[]): Promise<number[]> {
    return this.run(() => increments.map((increment) => this.add(increment)));
  }

  private add({ key, by, expiresAt, now }: CounterIncrement): number {
    const counter = this.counters.get(key);
    const alive = counter !== undefined && counter.expiresAt > now;
    const value = (alive ? counter.value : 0) + by;
    const kept = { value, expiresAt: alive ? Math.max(counter.expiresAt, expiresAt) : expiresAt };
    this.counters.set(key, kept);
    if (kept.expiresAt !== counter?.expiresAt) this.expiring.counters.add(key, kept.expiresAt);
    this.sweep(now);
    return value;
  }

  readCounter(key: string, now: number): Promise<number> {
    return this.run(() => {
      const counter = this.counters.get(key);
      return counter !== undefined && counter.expiresAt > now ? counter.value : 0;
    });
  }

  addDeadLetter(letter: DeadLetter): Promise<void> {
    return this.run(() => {
      this.deadLetters.set(letter.id, JSON.stringify(letter));
    });
  }

  listDeadLetters(): Promise<DeadLetter[]> {
    return this.run(() =>
      [...this.deadLetters.values()].map((json) => JSON.parse(json) as DeadLetter).sort(compareDeadLetters),
    );
  }

  takeDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.run(() => {
      const json = this.deadLetters.get(id);
      this.deadLetters.delete(id);
      return json === undefined ? undefined : (JSON.parse(json) as DeadLetter);
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private run<T>(operation: () => T): Promise<T> {
    return settle(() => {
      if (this.closed) throw new Error("the memory store is closed");
      return operation();
    });
  }

  private forget(id: string): void {
    this.items.delete(id);
    this.steps.delete(id);
  }

  /**
   * Forgets long-expired de-duplication keys, guards and counters, now and then: only those filed
   * under a time that passed (see {@link ExpiryBuckets}), not every key kept.
   */
  private sweep(now: number): void {
    this.writes += 1;
    if (this.writes % SWEEP_EVERY !== 0) return;
    const before = now - CLEAN_UP_MARGIN_MS;
    for (const key of this.expiring.dedupe.takeBefore(before)) {
      const until = this.dedupe.get(key);
      if (until !== undefined && until <= before) this.dedupe.delete(key);
    }
    for (const key of this.expiring.counters.takeBefore(before)) {
      const counter = this.counters.get(key);
      if (counter !== undefined && counter.expiresAt <= before) this.counters.delete(key);
    }
    for (const key of this.expiring.guards.takeBefore(before)) {
      const held = this.guards.get(key);
      if (held?.until != null && held.until <= before) this.guards.delete(key);
    }
  }
}

function isDue(entry: Entry, now: number): boolean {
  return entry.owner === undefined ? entry.item.dueAt <= now : entry.leaseUntil <= now;
}

function take(entry: Entry, owner: Lease): WorkItem {
  entry.owner = owner.id;
  entry.leaseUntil = owner.now + owner.leaseMs;
  return copyItem(entry.item);
}

/** The fields of a work item and nothing else, so the caller's object is never shared. */
function copyItem(item: WorkItem): WorkItem {
  const { id, conversation, dueAt, cancelOn, payload } = item;
  return { id, conversation, dueAt, cancelOn: [...cancelOn], payload };
}
