import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGroupCommit } from "../../src/runtime/store/group-commit.js";

let dir: string;
let db: Database.Database;
let other: Database.Database;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crisp-group-commit-"));
  const file = join(dir, "store.db");
  db = new Database(file, { timeout: 50 });
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE rows (id TEXT PRIMARY KEY)");
  other = new Database(file, { timeout: 50 });
});

afterEach(async () => {
  other.close();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const seen = (): string[] => other.prepare<[], string>("SELECT id FROM rows ORDER BY id").pluck().all();

describe("group commit", () => {
  it("writes the operations of one turn in one transaction, in order, and settles them once it is committed", async () => {
    const commit = createGroupCommit(db);
    const insert = db.prepare<[string]>("INSERT INTO rows (id) VALUES (?)");
    const inTransaction: boolean[] = [];
    const order: string[] = [];
    const writes = ["a", "b", "c"].map((id) =>
      commit.run(() => {
        inTransaction.push(db.inTransaction);
        insert.run(id);
        return id;
      }),
    );
    const settled = writes.map((write) =>
      write.then((id) => {
        order.push(id);
        // Settled only after the commit: another connection sees every write of the batch.
        expect(seen()).toEqual(["a", "b", "c"]);
      }),
    );
    expect(seen()).toEqual([]);
    await Promise.all(settled);
    expect(inTransaction).toEqual([true, true, true]);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("rejects only the operation that failed, leaving nothing of it, and commits the others of its turn", async () => {
    const commit = createGroupCommit(db);
    const insert = db.prepare<[string]>("INSERT INTO rows (id) VALUES (?)");
    const twoThenFail = db.transaction(() => {
      insert.run("half-written");
      insert.run("a"); // a duplicate key: the whole operation is undone
    });
    const results = await Promise.allSettled([
      commit.run(() => insert.run("a")),
      commit.run(() => {
        twoThenFail.immediate();
      }),
      commit.run(() => insert.run("b")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(seen()).toEqual(["a", "b"]);
  });

  it("rejects every operation of a turn whose transaction cannot be written, and writes none of them", async () => {
    const commit = createGroupCommit(db);
    const insert = db.prepare<[string]>("INSERT INTO rows (id) VALUES (?)");
    other.exec("BEGIN IMMEDIATE"); // another process holds the write lock past the busy timeout
    const results = await Promise.allSettled([commit.run(() => insert.run("a")), commit.run(() => insert.run("b"))]);
    other.exec("ROLLBACK");
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(seen()).toEqual([]);
  });

  it("writes what is waiting at once when flushed (before the database closes)", () => {
    const commit = createGroupCommit(db);
    const insert = db.prepare<[string]>("INSERT INTO rows (id) VALUES (?)");
    void commit.run(() => insert.run("a"));
    commit.flush();
    expect(seen()).toEqual(["a"]);
  });
});
