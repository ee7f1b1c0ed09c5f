/**
 * The store alone, as the runtime drives it for one-rule events: for each event `accept` and
 * `countStart` in one turn, then the step's `started` and `done` records and `complete` (not waiting
 * for the records), with up to 32
 * events in flight (the runtime's default concurrency; or as many as told), and an `await` between writes as the engine
 * has (its REST call is left out). Prints CPU time and wall time per event for each backend: what
 * durability costs per event, without the network. Development tool:
 * `node --import tsx bench/store-writes.ts [events] [memory,sqlite,redis] [in flight]` (`redis` needs
 * `REDIS_URL`; events in flight: 32 by default, 1 for events one at a time).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../src/core/ports/store.js";
import { createMemoryStore } from "../src/runtime/store/memory-store.js";
import { openSqliteStore } from "../src/runtime/store/sqlite-store.js";

const events = Number(process.argv[2] ?? 20_000);
const kinds = (process.argv[3] ?? "memory,sqlite").split(",");
const CONCURRENCY = Number(process.argv[4] ?? 32);

async function open(kind: string, dir: string): Promise<Store> {
  if (kind === "sqlite") return openSqliteStore(join(dir, "store.db"));
  if (kind === "redis") {
    const { openRedisStore } = await import("../src/runtime/store/redis-store.js");
    return openRedisStore(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { prefix: `bench-${process.pid}:` });
  }
  return createMemoryStore();
}

async function oneEvent(store: Store, index: number, prefix: string): Promise<void> {
  const now = Date.now();
  const id = `${prefix}-${index}`;
  const event = {
    name: "message:send",
    website_id: `website-${index % 100}`,
    session_id: `session_${prefix}-${index}`,
    data: { type: "text", from: "user", content: `Hello, question number ${index}`, fingerprint: index },
  };
  const item = {
    id,
    conversation: `${event.website_id}/${event.session_id}`,
    dueAt: now,
    cancelOn: [],
    payload: JSON.stringify({ event, acceptedAt: now }),
  };
  const lease = { id: "bench", leaseMs: 900_000, now };
  const dedupe = { key: `dedupe:message:send|${item.conversation}|fingerprint:${index}`, until: now + 3_600_000 };
  // As the runtime does: the start counted in the same turn as the acceptance, the step's `done`
  // record not waited for (the store takes operations in order).
  const accepted = store.accept(item, dedupe, lease);
  const starts = store.countStart(id);
  await accepted;
  await starts;
  void store.setStep(id, "answer#0", { state: "started" });
  await Promise.resolve(); // the REST call, left out
  void store.setStep(id, "answer#0", { state: "done", result: { fingerprint: index } });
  await store.complete(id);
}

async function run(store: Store, count: number, prefix: string): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await oneEvent(store, next++, prefix);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const dir = await mkdtemp(join(tmpdir(), "crisp-plugin-store-writes-"));
try {
  for (const kind of kinds) {
    const store = await open(kind, dir);
    await run(store, Math.min(2_000, events), `warm-${kind}`);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(store, events, `timed-${kind}`);
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    process.stdout.write(
      `${kind}: ${events} events, CPU ${(((used.user + used.system) / 1000 / events) * 1000).toFixed(1)} µs/event, wall ${((wall / events) * 1000).toFixed(1)} µs/event\n`,
    );
    await store.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
