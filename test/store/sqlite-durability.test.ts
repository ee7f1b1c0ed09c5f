import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KitError } from "../../src/core/errors/kit-error.js";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";
import { ids, lease, T0, workItem } from "./store-fixtures.js";

const CHILD = fileURLToPath(new URL("./sqlite-child-process.ts", import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "crisp-sqlite-durability-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sqlite store on disk", () => {
  it("keeps every item accepted before the writing process was killed with SIGKILL", async () => {
    const file = join(dir, "store.db");
    const child = startChild(["write", file, "crashed"]);
    const accepted = await readLines(child, (lines) => lines.length >= 300);
    child.kill("SIGKILL");
    await exited(child);

    const store = openSqliteStore(file);
    const resumed = new Set(ids(await store.claimOwned(lease("crashed", T0 + 1))));
    const acknowledged = accepted.map((line) => line.replace("accepted ", ""));
    expect(acknowledged.filter((id) => !resumed.has(id))).toEqual([]);
    const last = acknowledged.at(-1) ?? "";
    expect((await store.getSteps(last)).get("greet#0")).toEqual({
      state: "done",
      result: { index: acknowledged.length - 1 },
    });
    await store.close();
  });

  it("gives each due item to exactly one of two processes claiming at the same time", async () => {
    const file = join(dir, "store.db");
    const store = openSqliteStore(file);
    const count = 400;
    for (let index = 0; index < count; index += 1)
      await store.schedule(workItem(`item-${index}`, { dueAt: T0 - index }));
    await store.close();

    const children = [startChild(["claim", file, "p1"]), startChild(["claim", file, "p2"])];
    const answers = children.map((child) => readLines(child, (lines) => lines.length >= 2));
    await Promise.all(children.map((child) => readLines(child, (lines) => lines[0] === "ready")));
    for (const child of children) child.stdin.write("go\n");
    const taken = (await Promise.all(answers)).map((lines) => JSON.parse(lines[1] ?? "[]") as string[]);

    const all = taken.flat();
    expect(all).toHaveLength(count);
    expect(new Set(all).size).toBe(count);
  });

  it("writes a versioned schema in a write-ahead log, creating the parent folders", async () => {
    const file = join(dir, "a", "b", "store.db");
    const store = openSqliteStore(file);
    await store.schedule(workItem("a"));
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(3);
    db.close();
    await store.close();
  });

  it("migrates a file written by schema 1 in place: its items keep their data and start counting from 0", async () => {
    const file = join(dir, "store.db");
    const db = new Database(file);
    db.exec(readFileSync(new URL("../fixtures/store/sqlite-schema-1.sql", import.meta.url), "utf8"));
    db.prepare("INSERT INTO items (id, conversation, due_at, cancel_on, payload) VALUES (?, ?, ?, ?, ?)").run(
      "old",
      "website-1/session-1",
      T0,
      "[]",
      "{}",
    );
    db.pragma("user_version = 1");
    db.close();

    const store = openSqliteStore(file);
    expect(await store.countStart("old")).toBe(1);
    expect(ids(await store.claimDue(lease("p1", T0), 10))).toEqual(["old"]);
    expect(ids(await store.claimOwned(lease("p1", T0 + 1)))).toEqual(["old"]);
    await store.close();
    const migrated = new Database(file, { readonly: true });
    expect(migrated.pragma("user_version", { simple: true })).toBe(3);
    const indexes = migrated
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'")
      .pluck();
    expect(indexes.all()).not.toContain("items_owner");
    migrated.close();
  });

  it("moves committed writes from the write-ahead log into the database file without a commit doing it", async () => {
    const file = join(dir, "store.db");
    const store = openSqliteStore(file);
    const empty = statSync(file).size;
    // About 400 pages of log: far below the 10,000 at which the store's own connection checkpoints.
    for (let index = 0; index < 200; index += 1) {
      await store.schedule(workItem(`item-${index}`, { payload: "x".repeat(4_000) }));
    }
    // Checkpoints may move the log in parts (a PASSIVE one takes what it can): wait for all of it.
    for (let waited = 0; statSync(file).size <= empty + 200 * 4_000; waited += 20) {
      if (waited > 30_000) throw new Error("the writes were not checkpointed into the database file within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(file).size).toBeGreaterThan(empty + 200 * 4_000);
    await store.close();
  });

  it("refuses a file written by a newer schema, naming the file and what to do", () => {
    const file = join(dir, "store.db");
    const db = new Database(file);
    db.pragma("user_version = 99");
    db.close();
    expect(() => openSqliteStore(file)).toThrow(KitError);
    expect(() => openSqliteStore(file)).toThrow(
      /store\.db: the store was written by a newer crisp-plugin-kit \(schema 99/,
    );
  });

  it("explains a location it cannot write to", async () => {
    await writeFile(join(dir, "not-a-folder"), "");
    const file = join(dir, "not-a-folder", "store.db");
    const error = catchError(() => openSqliteStore(file));
    expect(error).toBeInstanceOf(KitError);
    expect((error as KitError).code).toBe("CONFIGURATION_INVALID");
    expect((error as KitError).message).toMatch(/store\.db: .*CRISP_PLUGIN_STORE=sqlite:PATH/);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
}

function startChild(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: "pipe" });
}

/** Collects the child's stdout lines until `enough` says so, or rejects when it exits first. */
function readLines(child: ChildProcessWithoutNullStreams, enough: (lines: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const reader = createInterface({ input: child.stdout });
    reader.on("line", (line) => {
      lines.push(line);
      if (enough(lines)) resolve(lines);
    });
    child.on("exit", (code) => {
      reject(new Error(`child exited (${code ?? "signal"}) after ${lines.length} lines: ${stderr}`));
    });
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.on("exit", () => {
        resolve();
      });
  });
}
