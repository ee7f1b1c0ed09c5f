/**
 * The cost of one hook call: in this thread (what `simulate` and `test` do) against a worker thread
 * of the runtime's pool (parameters and context copied over, the answer copied back), for a hook
 * that only answers and for one making one `ctx.crisp` call (a round trip back to the main thread).
 * Also the start of a worker (importing the hooks module), paid on a worker's first call and after
 * one was terminated. Run alone: `node --import tsx bench/hook-call-cost.ts` prints the section.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { HookContext } from "../src/core/hooks/define-hooks.js";
import { createHookWorkerPool as fromSources } from "../src/core/hooks/create-hook-worker-pool.js";
import { loadHooks } from "../src/core/hooks/load-hooks.js";
import { silentLogger } from "../src/core/logging/logger.js";

const HOOKS = fileURLToPath(new URL("./fixtures/hooks/bench-hooks.ts", import.meta.url));
const COMPILED = fileURLToPath(new URL("../dist/hooks/create-hook-worker-pool.js", import.meta.url));

/** Microseconds per call (median of rounds) for each way of running a hook. */
export interface HookCallCost {
  readonly calls: number;
  readonly inProcess: { readonly echo: number; readonly ping: number };
  readonly worker: { readonly echo: number; readonly ping: number };
  /** Milliseconds for a new worker to be ready (median of starts). */
  readonly workerStartMs: number;
  /** Whether the workers ran the compiled dist/ (as `crisp-plugin run` does) or the sources through jiti. */
  readonly compiled: boolean;
}

function context(): HookContext {
  const event = { name: "message:send", website_id: "w", session_id: "s", timestamp: 1, data: { content: "hi" } };
  const crisp = { ping: (n: number) => Promise.resolve(n) };
  return {
    event,
    data: event.data,
    settings: { greeting: "hello" },
    website: { id: "w" },
    plugin: { urn: "urn:bench:hooks:0", name: "Bench" },
    log: silentLogger,
    crisp: crisp as unknown as HookContext["crisp"],
  };
}

/** Microseconds per call of each runner, timed in alternating rounds (so load and JIT drift hit all alike). */
async function perCall(calls: number, runs: readonly ((n: number) => Promise<unknown>)[]): Promise<number[]> {
  for (const run of runs) for (let n = 0; n < 1_000; n += 1) await run(n); // warm up (JIT, the worker's import)
  const rounds: number[][] = runs.map(() => []);
  for (let round = 0; round < 7; round += 1) {
    for (const [index, run] of runs.entries()) {
      const started = process.hrtime.bigint();
      for (let n = 0; n < calls; n += 1) await run(n);
      rounds[index]?.push(Number(process.hrtime.bigint() - started) / 1_000 / calls);
    }
  }
  return rounds.map(median);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Measures; `calls` per round (5 rounds). */
export async function measureHookCalls(calls = 2_000): Promise<HookCallCost> {
  const compiled = existsSync(COMPILED);
  const createPool = compiled
    ? ((await import(COMPILED)) as { createHookWorkerPool: typeof fromSources }).createHookWorkerPool
    : fromSources;
  const loaded = await loadHooks(HOOKS);
  const ctx = context();
  const local = (name: string) => (n: number) =>
    loaded.runner.run(name, { ...ctx, crisp: { api: ctx.crisp } } as never, { n });
  const pool = createPool(HOOKS, { maxWorkers: 1 });
  const inWorker = (name: string) => (n: number) => pool.execute(name, ctx, { n }, 10_000);
  const [localEcho = 0, localPing = 0, workerEcho = 0, workerPing = 0] = await perCall(calls, [
    local("echo"),
    local("ping"),
    inWorker("echo"),
    inWorker("ping"),
  ]);
  const inProcess = { echo: localEcho, ping: localPing };
  const worker = { echo: workerEcho, ping: workerPing };
  await pool.close();
  const starts: number[] = [];
  for (let start = 0; start < 5; start += 1) {
    const fresh = createPool(HOOKS, { maxWorkers: 1 });
    const started = performance.now();
    await fresh.warm();
    starts.push(performance.now() - started);
    await fresh.close();
  }
  return { calls, inProcess, worker, workerStartMs: median(starts), compiled };
}

/** The BENCHMARKS.md section. */
export function hookCallSection(cost: HookCallCost): string {
  const us = (n: number): string => n.toFixed(1);
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}x`;
  return `## Hook calls: in this thread vs a worker thread

What running a TypeScript hook in a worker thread costs per call (\`bench/hook-call-cost.ts\`:
\`node --import tsx bench/hook-call-cost.ts\`, also part of \`npm run bench\`). The same hooks module
runs through the hook runner in this thread (as \`simulate\` and \`test\` do) and through a pool of one
reused worker (as \`crisp-plugin run\` does: parameters and context copied over, the answer copied
back); \`ping\` also makes one \`ctx.crisp\` call, a round trip to the main thread. Calls one after the
other, ${cost.calls.toLocaleString("en-US")} per round, the four in turn, median of 7 rounds; the workers ran ${cost.compiled ? "the compiled dist/" : "the sources through jiti (dist/ was not built)"}.

| Hook | In this thread (µs/call) | Worker thread (µs/call) | Worker / this thread |
| :--- | ---: | ---: | ---: |
| \`echo\` (answers its parameters) | ${us(cost.inProcess.echo)} | ${us(cost.worker.echo)} | ${ratio(cost.worker.echo, cost.inProcess.echo)} |
| \`ping\` (one \`ctx.crisp\` call) | ${us(cost.inProcess.ping)} | ${us(cost.worker.ping)} | ${ratio(cost.worker.ping, cost.inProcess.ping)} |

A new worker (first call, or after one was terminated at its timeout or out of memory) is ready in
${cost.workerStartMs.toFixed(0)} ms (median of 5): starting a thread, loading jiti, importing the hooks module (transpiled once, then
from jiti's disk cache). The first call of a worker waits for that; calls on a ready worker pay only
the copying above, small beside the Crisp REST calls a hook makes.
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(hookCallSection(await measureHookCalls()));
}
