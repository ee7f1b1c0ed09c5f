/**
 * The benchmarks of issue 7, run by `npm run bench`: the runtime (`crisp-plugin run`, once per
 * store backend) against the hand-written crisp-api plugin, end to end through the simulator; start-
 * up with 1,000 to 100,000 websites; events per second with 10 to 1,000 rules. Sizes for the full
 * run keep the whole of `npm run bench` under 10 minutes on two cores; `--quick` is for development.
 */
import { readdirSync, statSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchEndToEnd, type EndToEndOptions, type EndToEndResult } from "./end-to-end.js";
import { benchVariants, type PluginVariant } from "./plugin-process.js";
import { summarizeProfile } from "./profile-summary.js";
import { benchRulesScale, type RulesScaleRow } from "./rules-scale.js";
import { benchStartUp, type StartUpRow } from "./start-up-scale.js";
import { WORKLOADS, type Workload } from "./workloads.js";

/** What `npm run bench` passes on. */
export interface PluginBenchOptions {
  readonly quick: boolean;
  /** `CRISP_PLUGIN_STORE` values to run the runtime with, one row each; the first is the main one. */
  readonly stores: readonly string[];
  /** Write CPU profiles of the end-to-end children and print where their time went. */
  readonly profile: boolean;
  readonly progress: (line: string) => void;
}

/** Everything measured. */
export interface PluginBenchResults {
  readonly variants: readonly PluginVariant[];
  /** One per workload: the support desk, then one rule. */
  readonly endToEnd: EndToEndResult[];
  readonly startUp: StartUpRow[];
  readonly rules: RulesScaleRow[];
  /** Seconds each part took. */
  readonly seconds: { readonly endToEnd: number; readonly startUp: number; readonly rules: number };
}

/** The store backends measured when `--stores` is not given. */
export function defaultStores(env: NodeJS.ProcessEnv): string[] {
  return env.REDIS_URL ? ["memory", "sqlite", "redis"] : ["memory", "sqlite"];
}

/** Runs the three benchmarks in turn. */
export async function runPluginBenchmarks(options: PluginBenchOptions): Promise<PluginBenchResults> {
  const { quick, progress } = options;
  const variants = benchVariants(options.stores);
  const profileDir = options.profile ? await mkdtemp(join(tmpdir(), "crisp-plugin-bench-profiles-")) : undefined;
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    return [await run(), (performance.now() - started) / 1000];
  };

  const endToEnd: EndToEndResult[] = [];
  let endToEndSeconds = 0;
  for (const workload of WORKLOADS) {
    progress(
      `bench: end to end, runtime vs hand-written crisp-api plugin (${workload.name}, ${workload.rules}, ${workload.websites.toLocaleString("en-US")} websites)...`,
    );
    const [result, took] = await timed(() =>
      benchEndToEnd(endToEndSizes(workload, { quick, variants, progress, profileDir })),
    );
    endToEnd.push(result);
    endToEndSeconds += took;
  }
  if (profileDir !== undefined) printProfiles(profileDir, progress);

  progress("bench: start-up with 1,000 to 100,000 subscribed websites...");
  const [startUp, startUpSeconds] = await timed(() =>
    benchStartUp({
      sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
      rounds: (size) => (quick ? 1 : size >= 100_000 ? 2 : 3),
      variants,
      progress,
    }),
  );

  progress("bench: events per second with 10, 100 and 1,000 rules...");
  const runtime = variants.find((variant) => variant.kind === "runtime");
  if (runtime === undefined) throw new Error("no runtime variant to measure");
  const [rules, rulesSeconds] = await timed(() =>
    benchRulesScale({
      configs: quick
        ? [
            { rules: 10, listening: 10 },
            { rules: 1_000, listening: 10 },
            { rules: 1_000, listening: 1_000 },
          ]
        : [
            { rules: 10, listening: 10 },
            { rules: 100, listening: 10 },
            { rules: 1_000, listening: 10 },
            { rules: 100, listening: 100 },
            { rules: 1_000, listening: 1_000 },
          ],
      rounds: quick ? 1 : 2,
      warmupEvents: quick ? 100 : 300,
      burstEvents: quick ? 400 : 1_500,
      variant: runtime,
      progress,
    }),
  );
  return {
    variants,
    endToEnd,
    startUp,
    rules,
    seconds: { endToEnd: endToEndSeconds, startUp: startUpSeconds, rules: rulesSeconds },
  };
}

/** The sizes of the end-to-end benchmark for `workload`: the full run's, or `--quick`'s. */
export function endToEndSizes(
  workload: Workload,
  options: {
    readonly quick: boolean;
    readonly rounds?: number;
    readonly variants: readonly PluginVariant[];
    readonly progress: (line: string) => void;
    readonly profileDir?: string | undefined;
  },
): EndToEndOptions {
  const { quick } = options;
  const oneRule = workload.name === "one-rule";
  return {
    workload,
    websites: workload.websites,
    // Six rounds: a p99 over the steady events of all of them rests on 72 events per plugin. With
    // four (48), the Redis p99 ratio ranged from 1.01x to 1.33x over the runs of one day (2026-12-03).
    rounds: options.rounds ?? (quick ? 1 : 6),
    warmupEvents: quick ? 150 : 300,
    steadyRate: 50,
    steadyEvents: quick ? 300 : 1_200,
    burstEvents: oneRule ? (quick ? 1_000 : 3_000) : quick ? 500 : 1_500,
    variants: options.variants,
    progress: options.progress,
    ...(options.profileDir === undefined ? {} : { profileDir: options.profileDir }),
  };
}

/** Prints the summary of each child's main-thread profile (the largest file of each process). */
export function printProfiles(dir: string, progress: (line: string) => void): void {
  const largest = new Map<string, string>();
  for (const file of readdirSync(dir)) {
    const pid = file.split(".")[3] ?? file;
    const known = largest.get(pid);
    if (known === undefined || statSync(join(dir, file)).size > statSync(join(dir, known)).size) largest.set(pid, file);
  }
  for (const file of largest.values()) {
    const summary = summarizeProfile(join(dir, file), 15);
    progress(`\nprofile ${join(dir, file)} (${summary.busyMs.toFixed(0)} ms busy; percentages are of busy time)`);
    for (const [title, lines] of [
      ["self time by function", summary.byFunction],
      ["self time by file or package", summary.byFile],
      ["total time of the project's functions", summary.ownInclusive],
    ] as const) {
      progress(`  ${title}:`);
      for (const line of lines) progress(`    ${line.percent.toFixed(1).padStart(5)}%  ${line.name}`);
    }
  }
}
