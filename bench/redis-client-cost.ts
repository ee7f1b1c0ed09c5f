/**
 * What the Redis store's traffic costs, with ioredis's auto-pipelining and without (what
 * `openRedisStore` uses): each event's two scripts (accept, then finish), first one event at a
 * time (a steady stream), then a burst (every event accepted at once, then every one finished).
 * CPU of this process per event, and redis-server's (`INFO cpu`), the same for both. Development
 * tool: `REDIS_URL=redis://127.0.0.1:6379 node --import tsx bench/redis-client-cost.ts [events]`
 * (3,000 by default); it writes under a prefix of its own and deletes nothing else.
 */
import { Redis } from "ioredis";
import { REDIS_SHARED_SCRIPTS } from "../src/runtime/store/redis-shared-scripts.js";
import { createRedisSharedWork, type SharedScriptClient } from "../src/runtime/store/redis-shared-work.js";

const url = process.env.REDIS_URL;
if (url === undefined) throw new Error("set REDIS_URL to a Redis this script may write to");
const events = Number(process.argv[2] ?? 3_000);
const payload = JSON.stringify({
  event: { name: "message:send", website_id: "w", session_id: "s", data: { content: "x".repeat(300) } },
  acceptedAt: 1,
});
const DAY = 86_400_000;

async function connect(enableAutoPipelining: boolean): Promise<SharedScriptClient> {
  const client = new Redis(url as string, { lazyConnect: true, enableAutoPipelining });
  await client.connect();
  for (const [name, lua] of Object.entries(REDIS_SHARED_SCRIPTS)) client.defineCommand(name, { numberOfKeys: 0, lua });
  return client as SharedScriptClient;
}

/** redis-server's CPU so far, in microseconds. */
async function serverCpu(client: Redis): Promise<number> {
  const info = await client.info("cpu");
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? Number.NaN);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1e6;
}

async function measure(label: string, client: SharedScriptClient, burst: boolean, round: number): Promise<string> {
  const prefix = `crisp-plugin-bench-${process.pid}:`;
  const work = createRedisSharedWork(client, prefix, () => DAY);
  const tag = `${label}-${burst ? "burst" : "steady"}-${round}`;
  const one = async (i: number, now: number) => {
    const owner = { id: "bench", leaseMs: 30_000, now };
    const item = { id: `${tag}-${i}`, conversation: `w/${tag}-${i}`, dueAt: now, cancelOn: [], payload };
    return { owner, claim: await work.accept(item, { key: `${tag}-${i}`, until: now + DAY }, owner) };
  };
  const finish = async ({ owner, claim }: Awaited<ReturnType<typeof one>>) => {
    if (typeof claim === "string") throw new Error(`not granted: ${claim}`);
    await work.finish(claim, owner, true);
  };
  const server = await serverCpu(client);
  const cpu = process.cpuUsage();
  if (burst) {
    const now = Date.now();
    const accepted = await Promise.all(Array.from({ length: events }, (_, i) => one(i, now)));
    await Promise.all(accepted.map(finish));
  } else {
    for (let i = 0; i < events; i++) await finish(await one(i, Date.now()));
  }
  const used = process.cpuUsage(cpu);
  const serverUsed = (await serverCpu(client)) - server;
  const perEvent = (microseconds: number) => `${(microseconds / events).toFixed(0)} µs`;
  return `${label}, ${burst ? "burst" : "one at a time"}: ${perEvent(used.user + used.system)} CPU per event here, ${perEvent(serverUsed)} in redis-server`;
}

const clients = { "auto-pipelining": await connect(true), "no auto-pipelining": await connect(false) };
for (const burst of [false, true]) {
  // The first round warms up (JIT, script cache); the second is reported.
  for (const round of [0, 1]) {
    for (const [label, client] of Object.entries(clients)) {
      const line = await measure(label, client, burst, round);
      if (round === 1) process.stdout.write(`${line}\n`);
    }
  }
}
for (const client of Object.values(clients)) await client.quit();
