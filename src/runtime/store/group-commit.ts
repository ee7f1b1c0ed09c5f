import type { Database } from "better-sqlite3";

/**
 * Group commit for the SQLite store: the operations called during one turn of the event loop run,
 * in the order they were called, in one transaction committed at the end of that turn
 * (`setImmediate`); each caller's promise settles only after that commit, so an event is still
 * acknowledged only once its write is in the log. A commit writes every page a transaction touched
 * to the write-ahead log, so a burst of events accepted together shares the pages of the tables and
 * indexes they all touch, and the per-transaction cost, instead of paying them once per write.
 *
 * One operation failing (a constraint, a value it refuses) rejects its own promise only: it runs in
 * a savepoint (see {@link GroupCommit.run}), so it leaves nothing behind, and the batch commits the
 * others. When the transaction itself fails (the write lock not obtained within the busy timeout, a
 * full disk, an I/O error: SQLite then rolls the whole transaction back), every operation of the
 * batch is rejected, since none of them was written.
 */
export interface GroupCommit {
  /**
   * Runs `operation` in the transaction of this turn and settles with its result once committed.
   * An operation of several statements must be the `.immediate` version of a `db.transaction(...)`
   * function: called inside the batch's transaction, better-sqlite3 runs it in a savepoint, all or
   * nothing; called alone (the only operation of its turn), it is its own IMMEDIATE transaction.
   */
  run<T>(operation: () => T): Promise<T>;
  /** Commits what is waiting now, synchronously (before closing the database). */
  flush(): void;
}

interface Pending {
  readonly operation: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error };

/** A group commit on `db`; its transactions are `BEGIN IMMEDIATE` (the write lock before reading). */
export function createGroupCommit(db: Database): GroupCommit {
  let pending: Pending[] = [];
  let scheduled = false;
  const runBatch = db.transaction((batch: readonly Pending[]): Outcome[] =>
    batch.map((each) => {
      try {
        return { ok: true, value: each.operation() };
      } catch (error) {
        // SQLite rolled the whole transaction back (SQLITE_FULL, SQLITE_IOERR...): nothing of the
        // batch is written, so every operation fails, not only this one.
        if (!db.inTransaction) throw error;
        return { ok: false, error: asError(error) };
      }
    }),
  );
  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // Alone, an operation is its own transaction (one statement, or an IMMEDIATE transaction
    // function): no need for a batch's transaction and savepoint around it.
    if (batch.length === 1) {
      settleOne(batch[0] as Pending);
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = runBatch.immediate(batch);
    } catch (error) {
      for (const each of batch) each.reject(asError(error));
      return;
    }
    outcomes.forEach((outcome, index) => {
      const each = batch[index] as Pending;
      if (outcome.ok) each.resolve(outcome.value);
      else each.reject(outcome.error);
    });
  };
  return {
    run<T>(operation: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ operation, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        setImmediate(flush);
      });
    },
    flush,
  };
}

function settleOne(each: Pending): void {
  let value: unknown;
  try {
    value = each.operation();
  } catch (error) {
    each.reject(asError(error));
    return;
  }
  each.resolve(value);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
