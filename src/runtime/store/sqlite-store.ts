import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { KitError } from "../../core/errors/kit-error.js";
import { CLEAN_UP_MARGIN_MS } from "./clean-up-margin.js";
import { compareDeadLetters } from "./compare-dead-letters.js";
import { compareWorkItems } from "./compare-work-items.js";
import { migrateSqlite } from "./migrate-sqlite.js";
import { createGroupCommit, type GroupCommit } from "./group-commit.js";
import { settle } from "./settle.js";
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from "./start-checkpointer.js";
import { prepareSqliteStatements, type ItemRow, type SqliteStatements } from "./sqlite-statements.js";
import type {
  CounterIncrement,
  DeadLetter,
  DedupeClaim,
  Lease,
  StepRecord,
  Store,
  WorkItem,
} from "../../core/ports/store.js";

/** How long a write waits for another process's write to finish before failing (`SQLITE_BUSY`). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating it and its folder if needed) the embedded SQLite store at `file`: the default
 * backend, one file that several processes on the same machine may share.
 *
 * The journal is a write-ahead log with `synchronous=NORMAL`: a commit is in the log before the call
 * returns, so a crash of the process (the failure we design for: a deploy, an OOM kill, a bug) loses
 * nothing; only a crash of the machine itself may lose the last commits, which `FULL` would prevent
 * at the cost of an fsync per commit: measured on a 2-core VM (ext4), an accept then complete took
 * 120-300 µs with NORMAL and about 3 ms with FULL, 10 to 25 times slower. The log is checkpointed
 * into the database file by a worker thread (see {@link startCheckpointer}), not by the commits.
 */
export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    migrateSqlite(db, file);
    return new SqliteStore(db, prepareSqliteStatements(db), startCheckpointer(file));
  } catch (error) {
    db.close();
    throw isDamaged(error) ? damagedStore(file, error) : error;
  }
}

/** SQLite's own codes for a file that is not, or no longer, a database. */
function isDamaged(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT";
}

function damagedStore(file: string, error: unknown): KitError {
  return new KitError(
    "CONFIGURATION_INVALID",
    `the SQLite store ${file} is damaged or is not a store (${(error as Error).message}); move it aside to start with an empty store (pending work, guards and dead letters in it are lost), restore it from a backup, or set CRISP_PLUGIN_STORE=sqlite:PATH to another file`,
    { cause: error, context: { file } },
  );
}

function openDatabase(file: string): Database.Database {
  try {
    // The store holds visitors' messages and the plugin's state: only its owner may read it. A
    // folder made here is 0700, a new file 0600 (SQLite gives its -wal and -shm files the same mode).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, "a", 0o600));
    return new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `cannot open the SQLite store ${file}: ${error instanceof Error ? error.message : String(error)}; make its folder writable, or set CRISP_PLUGIN_STORE=sqlite:PATH to another file`,
      { cause: error, context: { file } },
    );
  }
}

class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly commit: GroupCommit;
  private readonly acceptWrite: (item: WorkItem, claim: DedupeClaim, owner: Lease) => "accepted" | "duplicate";
  private readonly cancelWrite: (conversation: string, eventName: string) => string[];
  private readonly completeWrite: (id: string) => void;
  private readonly quarantineWrite: (id: string, letter: DeadLetter) => void;
  private readonly claimGuardWrite: (key: string, holder: string, until: number | null, now: number) => boolean;
  private readonly incrementWrite: (increments: readonly CounterIncrement[]) => number[];

  constructor(
    private readonly db: Database.Database,
    private readonly sql: SqliteStatements,
    private readonly checkpointer: Checkpointer,
  ) {
    // Every operation runs in the transaction of its turn of the event loop (group commit); those
    // of several statements are IMMEDIATE transaction functions, each all or nothing (a savepoint
    // inside a batch's transaction, or its own transaction when alone). Immediate transactions take
    // the write lock before reading, so a second process waits for it (busy timeout) instead of
    // failing on a snapshot that went stale under it.
    this.commit = createGroupCommit(db);
    this.acceptWrite = immediateTransaction(db, (item: WorkItem, claim: DedupeClaim, owner: Lease) => {
      const held = sql.dedupeUntil.get(claim.key);
      if (held !== undefined && held > owner.now) return "duplicate" as const;
      sql.holdDedupe.run(claim.key, claim.until);
      sql.putItem.run(...itemValues(item), owner.id, owner.now + owner.leaseMs);
      sql.pruneDedupe.run(owner.now - CLEAN_UP_MARGIN_MS);
      return "accepted" as const;
    });
    this.cancelWrite = immediateTransaction(db, (conversation: string, eventName: string) => {
      const ids = sql.cancel.all(conversation, eventName);
      for (const id of ids) sql.deleteSteps.run(id);
      return ids.sort();
    });
    this.completeWrite = immediateTransaction(db, (id: string) => {
      sql.deleteItem.run(id);
      sql.deleteSteps.run(id);
    });
    this.quarantineWrite = immediateTransaction(db, (id: string, letter: DeadLetter) => {
      sql.deleteItem.run(id);
      sql.putDeadLetter.run(letter.id, letter.at, JSON.stringify(letter));
    });
    this.claimGuardWrite = immediateTransaction(
      db,
      (key: string, holder: string, until: number | null, now: number) => {
        const taken = sql.claimGuard.get({ key, holder, until, now }) !== undefined;
        if (taken) sql.pruneGuards.run(now - CLEAN_UP_MARGIN_MS);
        return taken;
      },
    );
    this.incrementWrite = immediateTransaction(db, (increments: readonly CounterIncrement[]) => {
      const values = increments.map(
        ({ key, by, expiresAt, now }) => sql.increment.get({ key, by, expiresAt, now }) ?? by,
      );
      const latest = increments.reduce((max, increment) => Math.max(max, increment.now), -Infinity);
      if (increments.length > 0) sql.pruneCounters.run(latest - CLEAN_UP_MARGIN_MS);
      return values;
    });
  }

  accept(item: WorkItem, claim: DedupeClaim, owner: Lease): Promise<"accepted" | "duplicate"> {
    return this.commit.run(() => this.acceptWrite(item, claim, owner));
  }

  schedule(item: WorkItem): Promise<void> {
    return this.commit.run(() => {
      this.sql.putItem.run(...itemValues(item), null, null);
    });
  }

  claimDue(owner: Lease, limit: number): Promise<WorkItem[]> {
    if (limit < 1) return Promise.resolve([]);
    return this.commit.run(() => {
      const leaseUntil = owner.now + owner.leaseMs;
      const rows = this.sql.claimDue.all({ owner: owner.id, now: owner.now, leaseUntil, limit });
      return rows.map(toWorkItem).sort(compareWorkItems);
    });
  }

  claimOwned(owner: Lease): Promise<WorkItem[]> {
    return this.commit.run(() =>
      this.sql.claimOwned
        .all(owner.now + owner.leaseMs, owner.id)
        .map(toWorkItem)
        .sort(compareWorkItems),
    );
  }

  cancel(conversation: string, eventName: string): Promise<string[]> {
    return this.commit.run(() => this.cancelWrite(conversation, eventName));
  }

  complete(id: string): Promise<void> {
    return this.commit.run(() => {
      this.completeWrite(id);
    });
  }

  countStart(id: string): Promise<number> {
    return this.commit.run(() => this.sql.countStart.get(id) ?? 0);
  }

  quarantine(id: string, letter: DeadLetter): Promise<void> {
    return this.commit.run(() => {
      this.quarantineWrite(id, letter);
    });
  }

  getSteps(workId: string): Promise<ReadonlyMap<string, StepRecord>> {
    return this.commit.run(
      () => new Map(this.sql.getSteps.all(workId).map((row) => [row.step_key, JSON.parse(row.record) as StepRecord])),
    );
  }

  setStep(workId: string, stepKey: string, record: StepRecord): Promise<void> {
    // Serialised now: the caller may change its result object once this returns.
    const json = JSON.stringify(record);
    return this.commit.run(() => {
      this.sql.setStep.run(workId, stepKey, json);
    });
  }

  claimGuard(key: string, holder: string, until: number | null, now: number): Promise<boolean> {
    return this.commit.run(() => this.claimGuardWrite(key, holder, until, now));
  }

  async increment(key: string, by: number, expiresAt: number, now: number): Promise<number> {
    const [value] = await this.incrementAll([{ key, by, expiresAt, now }]);
    return value as number;
  }

  incrementAll(increments: readonly CounterIncrement[]): Promise<number[]> {
    return this.commit.run(() => this.incrementWrite(increments));
  }

  readCounter(key: string, now: number): Promise<number> {
    return this.commit.run(() => this.sql.readCounter.get(key, now) ?? 0);
  }

  addDeadLetter(letter: DeadLetter): Promise<void> {
    const json = JSON.stringify(letter);
    return this.commit.run(() => {
      this.sql.putDeadLetter.run(letter.id, letter.at, json);
    });
  }

  listDeadLetters(): Promise<DeadLetter[]> {
    return this.commit.run(() =>
      this.sql.listDeadLetters
        .all()
        .map((json) => JSON.parse(json) as DeadLetter)
        .sort(compareDeadLetters),
    );
  }

  takeDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.commit.run(() => {
      const json = this.sql.takeDeadLetter.get(id);
      return json === undefined ? undefined : (JSON.parse(json) as DeadLetter);
    });
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // What was called before close is written first.
    this.commit.flush();
    // The checkpointer's connection first: the last one to close folds the log into the file.
    await this.checkpointer.stop();
    await settle(() => {
      if (this.db.open) this.db.close();
    });
  }
}

/** `run` as an IMMEDIATE transaction: all or nothing, in a savepoint when called inside a transaction. */
function immediateTransaction<A extends unknown[], R>(
  db: Database.Database,
  run: (...args: A) => R,
): (...args: A) => R {
  const transaction = db.transaction(run);
  return (...args) => transaction.immediate(...args);
}

function itemValues(item: WorkItem): [string, string, number, string, string] {
  return [item.id, item.conversation, item.dueAt, JSON.stringify(item.cancelOn), item.payload];
}

function toWorkItem(row: ItemRow): WorkItem {
  const cancelOn = JSON.parse(row.cancel_on) as string[];
  return { id: row.id, conversation: row.conversation, dueAt: row.due_at, cancelOn, payload: row.payload };
}
