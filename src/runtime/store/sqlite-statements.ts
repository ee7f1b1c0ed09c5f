import type Database from "better-sqlite3";

/** How many expired rows a write removes on its way: enough to keep up with the rows it adds. */
const PRUNE_BATCH = 8;

const ITEM_COLUMNS = "id, conversation, due_at, cancel_on, payload";

/** A work item as the `items` table answers it. */
export interface ItemRow {
  readonly id: string;
  readonly conversation: string;
  readonly due_at: number;
  readonly cancel_on: string;
  readonly payload: string;
}

/** A prepared statement taking `P` and answering rows of `R`. */
type Statement<P extends unknown[] | object, R = unknown> = Database.Statement<P, R>;

/** The prepared statements of one open SQLite store. */
export interface SqliteStatements {
  readonly dedupeUntil: Statement<[string], number>;
  readonly holdDedupe: Statement<[string, number]>;
  readonly pruneDedupe: Statement<[number]>;
  readonly putItem: Statement<[string, string, number, string, string, string | null, number | null]>;
  readonly claimDue: Statement<{ owner: string; now: number; leaseUntil: number; limit: number }, ItemRow>;
  readonly claimOwned: Statement<[number, string], ItemRow>;
  readonly cancel: Statement<[string, string], string>;
  readonly deleteItem: Statement<[string]>;
  readonly countStart: Statement<[string], number>;
  readonly deleteSteps: Statement<[string]>;
  readonly getSteps: Statement<[string], { step_key: string; record: string }>;
  readonly setStep: Statement<[string, string, string]>;
  readonly claimGuard: Statement<{ key: string; holder: string; until: number | null; now: number }, number>;
  readonly pruneGuards: Statement<[number]>;
  readonly increment: Statement<{ key: string; by: number; expiresAt: number; now: number }, number>;
  readonly readCounter: Statement<[string, number], number>;
  readonly pruneCounters: Statement<[number]>;
  readonly putDeadLetter: Statement<[string, number, string]>;
  readonly listDeadLetters: Statement<[], string>;
  readonly takeDeadLetter: Statement<[string], string>;
}

/**
 * Every statement of the SQLite store, prepared once when it opens. `claimDue` takes the due items
 * and the expired leases in one `UPDATE`, so it is atomic without a transaction; the `UPSERT`s of
 * guards and counters decide and write in one statement for the same reason.
 */
export function prepareSqliteStatements(db: Database.Database): SqliteStatements {
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
