import { describe, expect, it } from "vitest";
import { benchEndToEnd } from "../../bench/end-to-end.js";
import { benchVariants, type PluginVariant } from "../../bench/plugin-process.js";
import { ONE_RULE_WORKLOAD, SUPPORT_DESK_WORKLOAD, type Workload } from "../../bench/workloads.js";
import { skipRedis, useRedisServer } from "../support/redis-server.js";

/**
 * The end-to-end benchmark (`npm run bench`) at a tiny size: its code still runs, and the runtime
 * still makes exactly the Crisp calls the hand-written crisp-api plugin makes for the same events
 * (the benchmark refuses to compare figures otherwise). Speed is not checked here.
 */
describe("the end-to-end benchmark, at a tiny size", () => {
  const redisUrl = skipRedis ? undefined : useRedisServer();

  const run = async (workload: Workload, variants: readonly PluginVariant[]) => {
    const progress: string[] = [];
    const result = await benchEndToEnd({
      workload,
      websites: 4,
      rounds: 1,
      warmupEvents: 6,
      steadyRate: 50,
      steadyEvents: 12,
      burstEvents: 12,
      variants,
      // Phases whose calls are not known yet end after this long without one.
      quietMs: 3_000,
      progress: (line) => progress.push(line),
    }).catch((error: unknown) => {
      // What the benchmark printed says which calls differed.
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${progress.join("\n")}`);
    });
    expect(result.identicalRounds, progress.join("\n")).toBe(1);
    expect(result.calls.steady).toBeGreaterThan(0);
    expect(result.calls.burst).toBeGreaterThan(0);
    for (const { variant, overall } of result.variants) {
      expect(overall.burstEventsPerSecond, variant.label).toBeGreaterThan(0);
      expect(Number.isFinite(overall.steadyP99), variant.label).toBe(true);
    }
  };

  it("plays the one-rule workload to the hand-written plugin and the runtime on every store", async () => {
    const variants = benchVariants(["memory", "sqlite"]);
    if (redisUrl !== undefined) {
      variants.push({
        label: "runtime (redis)",
        kind: "runtime",
        env: { CRISP_PLUGIN_STORE: "redis", REDIS_URL: redisUrl() },
      });
    }
    await run(ONE_RULE_WORKLOAD, variants);
  });

  it("plays the 20-rule support desk to the hand-written plugin and the runtime", async () => {
    await run(SUPPORT_DESK_WORKLOAD, benchVariants(["sqlite"]));
  });
});
