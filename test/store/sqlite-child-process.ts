/**
 * A separate process working on a SQLite store, for the durability tests (run with `node --import tsx`):
 * `write FILE` accepts work items one after the other, printing `accepted ID` after each, until it is
 * killed; `claim FILE OWNER` prints `ready`, waits for a line on stdin, claims due items in small
 * batches until none is left, and prints their ids as JSON.
 */
import { createInterface } from "node:readline";
import { openSqliteStore } from "../../src/runtime/store/sqlite-store.js";
import { ids, lease, T0, workItem } from "./store-fixtures.js";

const [mode, file, owner = "child"] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: sqlite-child-process.ts write|claim FILE [OWNER]");
const store = openSqliteStore(file);

if (mode === "write") {
  for (let index = 0; ; index += 1) {
    const id = `item-${index}`;
    await store.accept(workItem(id), { key: id, until: T0 + 60_000 }, lease(owner, T0));
    await store.setStep(id, "greet#0", { state: "done", result: { index } });
    process.stdout.write(`accepted ${id}\n`);
  }
}

if (mode === "claim") {
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "go") break;
  lines.close();
  const taken: string[] = [];
  for (;;) {
    const batch = await store.claimDue(lease(owner, T0), 3);
    if (batch.length === 0) break;
    taken.push(...ids(batch));
  }
  process.stdout.write(`${JSON.stringify(taken)}\n`);
  await store.close();
}
