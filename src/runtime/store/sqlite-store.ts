import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { KitError } from "../../core/errors/kit-error.js";
import { CLEAN_UP_MARGIN_MS } from "./clean-up-margin.js";
import { compareDeadLetters } from "./compare-dead-letters.js";
import { compareWorkItems } from "./compare-work-items.js";
import { migrateSqlite } from "./migrate-sqlite.js";
import { settle } from "./settle.js";
import type { DeadLetter, DedupeClaim, Lease, StepRecord, Store, WorkItem } from "../../core/ports/store.js";

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
 * 120-300 µs with NORMAL and about 3 ms with FULL, 10 to 25 times slower.
 */
export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    migrateSqlite(db, file);
    return new SqliteStore(db, prepareSqliteStatements(db));
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
  private readonly acceptWrite: (item: WorkItem, claim: DedupeClaim, owner: Lease) => "accepted" | "duplicate";
  private readonly cancelWrite: (conversation: string, eventName: string) => string[];
  private readonly completeWrite: (id: string) => void;
  private readonly quarantineWrite: (id: string, letter: DeadLetter) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly sql: SqliteStatements,
  ) {
    // Immediate transactions take the write lock before reading, so a second process waits for it
    // (busy timeout) instead of failing on a snapshot that went stale under it.
    const accept = db.transaction((item: WorkItem, claim: DedupeClaim, owner: Lease) => {
      const held = sql.dedupeUntil.get(claim.key);
      if (held !== undefined && held > owner.now) return "duplicate" as const;
      sql.holdDedupe.run(claim.key, claim.until);
      sql.putItem.run(...itemValues(item), owner.id, owner.now + owner.leaseMs);
      sql.pruneDedupe.run(owner.now - CLEAN_UP_MARGIN_MS);
      return "accepted" as const;
    });
    this.acceptWrite = (...args) => accept.immediate(...args);
    const cancel = db.transaction((conversation: string, eventName: string) => {
      const ids = sql.cancel.all(conversation, eventName);
      for (const id of ids) sql.deleteSteps.run(id);
      return ids.sort();
    });
    this.cancelWrite = (...args) => cancel.immediate(...args);
    const complete = db.transaction((id: string) => {
      sql.deleteItem.run(id);
      sql.deleteSteps.run(id);
    });
    this.completeWrite = (id) => {
      complete.immediate(id);
    };
    const quarantine = db.transaction((id: string, letter: DeadLetter) => {
      sql.deleteItem.run(id);
      sql.putDeadLetter.run(letter.id, letter.at, JSON.stringify(letter));
    });
    this.quarantineWrite = (id, letter) => {
      quarantine.immediate(id, letter);
    };
  }

  accept(item: WorkItem, claim: DedupeClaim, owner: Lease): Promise<"accepted" | "duplicate"> {
    return settle(() => this.acceptWrite(item, claim, owner));
  }

  schedule(item: WorkItem): Promise<void> {
    return settle(() => {
      this.sql.putItem.run(...itemValues(item), null, null);
    });
  }

  claimDue(owner: Lease, limit: number): Promise<WorkItem[]> {
    return settle(() => {
      if (limit < 1) return [];
      const leaseUntil = owner.now + owner.leaseMs;
      const rows = this.sql.claimDue.all({ owner: owner.id, now: owner.now, leaseUntil, limit });
      return rows.map(toWorkItem).sort(compareWorkItems);
    });
  }

  claimOwned(owner: Lease): Promise<WorkItem[]> {
    return settle(() =>
      this.sql.claimOwned
        .all(owner.now + owner.leaseMs, owner.id)
        .map(toWorkItem)
        .sort(compareWorkItems),
    );
  }

  cancel(conversation: string, eventName: string): Promise<string[]> {
    return settle(() => this.cancelWrite(conversation, eventName));
  }

  complete(id: string): Promise<void> {
    return settle(() => {
      this.completeWrite(id);
    });
  }

  countStart(id: string): Promise<number> {
    return settle(() => this.sql.countStart.get(id) ?? 0);
  }

  quarantine(id: string, letter: DeadLetter): Promise<void> {
    return settle(() => {
      this.quarantineWrite(id, letter);
    });
  }

  getSteps(workId: string): Promise<ReadonlyMap<string, StepRecord>> {
    return settle(
      () => new Map(this.sql.getSteps.all(workId).map((row) => [row.step_key, JSON.parse(row.record) as StepRecord])),
    );
  }

  setStep(workId: string, stepKey: string, record: StepRecord): Promise<void> {
    return settle(() => {
      this.sql.setStep.run(workId, stepKey, JSON.stringify(record));
    });
  }

  claimGuard(key: string, holder: string, until: number | null, now: number): Promise<boolean> {
    return settle(() => {
      const taken = this.sql.claimGuard.get({ key, holder, until, now }) !== undefined;
      if (taken) this.sql.pruneGuards.run(now - CLEAN_UP_MARGIN_MS);
      return taken;
    });
  }

  increment(key: string, by: number, expiresAt: number, now: number): Promise<number> {
    return settle(() => {
      const value = this.sql.increment.get({ key, by, expiresAt, now });
      this.sql.pruneCounters.run(now - CLEAN_UP_MARGIN_MS);
      return value ?? by;
    });
  }

  readCounter(key: string, now: number): Promise<number> {
    return settle(() => this.sql.readCounter.get(key, now) ?? 0);
  }

  addDeadLetter(letter: DeadLetter): Promise<void> {
    return settle(() => {
      this.sql.putDeadLetter.run(letter.id, letter.at, JSON.stringify(letter));
    });
  }

  listDeadLetters(): Promise<DeadLetter[]> {
    return settle(() =>
      this.sql.listDeadLetters
        .all()
        .map((json) => JSON.parse(json) as DeadLetter)
        .sort(compareDeadLetters),
    );
  }

  takeDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return settle(() => {
      const json = this.sql.takeDeadLetter.get(id);
      return json === undefined ? undefined : (JSON.parse(json) as DeadLetter);
    });
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.db.open) this.db.close();
    });
  }
}

function itemValues(item: WorkItem): [string, string, number, string, string] {
  return [item.id, item.conversation, item.dueAt, JSON.stringify(item.cancelOn), item.payload];
}

function toWorkItem(row: ItemRow): WorkItem {
  const cancelOn = JSON.parse(row.cancel_on) as string[];
  return { id: row.id, conversation: row.conversation, dueAt: row.due_at, cancelOn, payload: row.payload };
}

// The statements live here, unexported: their inferred types name better-sqlite3 internals that a
// declaration file cannot.
/** How many expired rows a write removes on its way: enough to keep up with the rows it adds. */
const PRUNE_BATCH = 8;

const ITEM_COLUMNS = "id, conversation, due_at, cancel_on, payload";

/** A work item as the `items` table answers it. */
interface ItemRow {
  readonly id: string;
  readonly conversation: string;
  readonly due_at: number;
  readonly cancel_on: string;
  readonly payload: string;
}

/**
 * Every statement of the SQLite store, prepared once when it opens. `claimDue` takes the due items
 * and the expired leases in one `UPDATE`, so it is atomic without a transaction; the `UPSERT`s of
 * guards and counters decide and write in one statement for the same reason.
 */
function prepareSqliteStatements(db: Database.Database) {
  return {
    dedupeUntil: db.prepare<[string], number>("SELECT until FROM dedupe WHERE key = ?").pluck(),
    holdDedupe: db.prepare<[string, number]>(
      "INSERT INTO dedupe (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = excluded.until",
    ),
    pruneDedupe: db.prepare<[number]>(
      `DELETE FROM dedupe WHERE key IN (SELECT key FROM dedupe WHERE until <= ? LIMIT ${PRUNE_BATCH})`,
    ),
    putItem: db.prepare<[string, string, number, string, string, string | null, number | null]>(
      "INSERT OR REPLACE INTO items (id, conversation, due_at, cancel_on, payload, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    claimDue: db.prepare<{ owner: string; now: number; leaseUntil: number; limit: number }, ItemRow>(
      `UPDATE items SET owner = @owner, lease_until = @leaseUntil WHERE id IN (
         SELECT id FROM (
           SELECT id, due_at FROM (
             SELECT id, due_at FROM items WHERE owner IS NULL AND due_at <= @now ORDER BY due_at, id LIMIT @limit
           )
           UNION ALL
           SELECT id, due_at FROM items WHERE owner IS NOT NULL AND lease_until <= @now
         ) ORDER BY due_at, id LIMIT @limit
       ) RETURNING ${ITEM_COLUMNS}`,
    ),
    claimOwned: db.prepare<[number, string], ItemRow>(
      `UPDATE items SET lease_until = ? WHERE owner = ? RETURNING ${ITEM_COLUMNS}`,
    ),
    cancel: db
      .prepare<[string, string], string>(
        `DELETE FROM items WHERE owner IS NULL AND conversation = ?
         AND EXISTS (SELECT 1 FROM json_each(items.cancel_on) WHERE value = ?) RETURNING id`,
      )
      .pluck(),
    deleteItem: db.prepare<[string]>("DELETE FROM items WHERE id = ?"),
    countStart: db
      .prepare<[string], number>("UPDATE items SET starts = starts + 1 WHERE id = ? RETURNING starts")
      .pluck(),
    deleteSteps: db.prepare<[string]>("DELETE FROM steps WHERE work_id = ?"),
    getSteps: db.prepare<[string], { step_key: string; record: string }>(
      "SELECT step_key, record FROM steps WHERE work_id = ?",
    ),
    setStep: db.prepare<[string, string, string]>(
      "INSERT OR REPLACE INTO steps (work_id, step_key, record) VALUES (?, ?, ?)",
    ),
    claimGuard: db
      .prepare<{ key: string; holder: string; until: number | null; now: number }, number>(
        `INSERT INTO guards (key, holder, until) VALUES (@key, @holder, @until)
       ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, until = excluded.until
         WHERE guards.holder = excluded.holder OR (guards.until IS NOT NULL AND guards.until <= @now)
       RETURNING 1`,
      )
      .pluck(),
    pruneGuards: db.prepare<[number]>(
      `DELETE FROM guards WHERE key IN (SELECT key FROM guards WHERE until <= ? LIMIT ${PRUNE_BATCH})`,
    ),
    increment: db
      .prepare<{ key: string; by: number; expiresAt: number; now: number }, number>(
        `INSERT INTO counters (key, value, expires_at) VALUES (@key, @by, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET
         value = CASE WHEN expires_at > @now THEN value + @by ELSE @by END,
         expires_at = CASE WHEN expires_at > @now THEN max(expires_at, @expiresAt) ELSE @expiresAt END
       RETURNING value`,
      )
      .pluck(),
    readCounter: db
      .prepare<[string, number], number>("SELECT value FROM counters WHERE key = ? AND expires_at > ?")
      .pluck(),
    pruneCounters: db.prepare<[number]>(
      `DELETE FROM counters WHERE key IN (SELECT key FROM counters WHERE expires_at <= ? LIMIT ${PRUNE_BATCH})`,
    ),
    putDeadLetter: db.prepare<[string, number, string]>(
      "INSERT OR REPLACE INTO dead_letters (id, at, letter) VALUES (?, ?, ?)",
    ),
    listDeadLetters: db.prepare<[], string>("SELECT letter FROM dead_letters ORDER BY at, id").pluck(),
    takeDeadLetter: db.prepare<[string], string>("DELETE FROM dead_letters WHERE id = ? RETURNING letter").pluck(),
  };
}

/** The prepared statements of one open SQLite store. */
type SqliteStatements = ReturnType<typeof prepareSqliteStatements>;
