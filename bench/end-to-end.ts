/**
 * End to end, over loopback, with the real crisp-api client: a workload's manifest (the 20-rule
 * support desk, or one rule) run by `crisp-plugin run` against the same plugin written by hand,
 * each alone in a child process, each on its own simulator (all in this process). Each round starts every variant
 * afresh, then plays a warm-up and a steady stream to all of them in the same stretch of time (event
 * `i` reaches the plugins a fraction of a period apart, in turns that rotate, so a stall of this
 * shared machine hits all of them alike while they do not wake at the same instant), then a burst
 * to each in turn, in alternating order. Figures are medians over the rounds, and ratios are
 * medians of each round's ratio. Before anything counts, every variant must have made exactly the
 * calls the baseline made.
 */
import type { CrispSimulator } from "../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../src/devkit/simulator/start-crisp-simulator.js";
import { clock, driveWorkloads, type DriveResult, type DriveTarget } from "./drive-workload.js";
import { launchPlugin, type PluginProcess, type PluginVariant } from "./plugin-process.js";
import { median, percentile } from "./stats.js";
import { SUPPORT_DESK_WORKLOAD, type Workload } from "./workloads.js";

export const SUPPORT_DESK = SUPPORT_DESK_WORKLOAD.manifest;

/** Sizes of the end-to-end benchmark. */
export interface EndToEndOptions {
  readonly workload: Workload;
  readonly websites: number;
  readonly rounds: number;
  readonly warmupEvents: number;
  /** Events per second of the steady stream, and how many. */
  readonly steadyRate: number;
  readonly steadyEvents: number;
  /** Events emitted at once. */
  readonly burstEvents: number;
  /** The first is the baseline the others are compared with. */
  readonly variants: readonly PluginVariant[];
  readonly profileDir?: string;
  /** Report rounds whose calls differ from the baseline's instead of failing (development only). */
  readonly allowDifferences?: boolean;
  /**
   * How long without a REST call ends a phase whose calls are not known yet (the warm-up, the first
   * round): 5 s, and 10 s for a burst, by default. The suite's smoke test shortens it.
   */
  readonly quietMs?: number;
  readonly progress: (line: string) => void;
}

/** One variant's figures in one round. */
export interface RoundFigures {
  readonly steadyP50: number;
  readonly steadyP99: number;
  readonly steadyCpuPerEvent: number;
  readonly burstEventsPerSecond: number;
  readonly burstP50: number;
  readonly burstP99: number;
  readonly burstCpuPerEvent: number;
  readonly peakRss: number;
}

/**
 * A variant's figures over the rounds: latency percentiles over the events of every round (a
 * round's p99 rests on a dozen events; all rounds together on a few dozen), the others the median of
 * the rounds' figures; and each round's.
 */
export interface VariantFigures {
  readonly variant: PluginVariant;
  readonly overall: RoundFigures;
  readonly rounds: RoundFigures[];
}

/** Latencies of one variant in one round: from each event to its first REST call, in milliseconds. */
interface Latencies {
  readonly steady: readonly number[];
  readonly burst: readonly number[];
}

/**
 * Names this run's conversations, so that a store kept between runs (Redis) never takes this run's
 * events for copies of an earlier run's (the same names and fingerprints would be duplicates).
 */
const RUN = Date.now().toString(36);

/** The figures whose ratio is taken between overall figures rather than round by round. */
const POOLED: ReadonlySet<keyof RoundFigures> = new Set(["steadyP50", "steadyP99", "burstP50", "burstP99"]);

/** What the benchmark measured. */
export interface EndToEndResult {
  readonly options: Omit<EndToEndOptions, "progress">;
  readonly variants: VariantFigures[];
  /** REST calls of the steady stream and of the burst (the baseline's, in the first round). */
  readonly calls: { readonly steady: number; readonly burst: number };
  /** Rounds in which every variant made exactly the baseline's calls, of all rounds. */
  readonly identicalRounds: number;
}

/** Runs the rounds; rejects when a variant never made the same calls as the baseline. */
export async function benchEndToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
  // One simulator per plugin, so that all of them can take the steady stream at the same time.
  const sims = await Promise.all(
    options.variants.map(() =>
      startCrispSimulator({ websites: options.workload.seedWebsites(options.websites), now: clock }),
    ),
  );
  try {
    const perVariant = options.variants.map((): RoundFigures[] => []);
    const latencies = options.variants.map((): Latencies[] => []);
    const expected = { steady: undefined as number | undefined, burst: undefined as number | undefined };
    let identicalRounds = 0;
    for (let round = 0; round < options.rounds; round++) {
      options.progress(`  round ${round + 1}/${options.rounds}`);
      const { figures, signatures, calls, samples } = await runRound(sims, round, options, expected);
      figures.forEach((figure, i) => perVariant[i]?.push(figure));
      samples.forEach((sample, i) => latencies[i]?.push(sample));
      expected.steady ??= calls.steady;
      expected.burst ??= calls.burst;
      const differences = compareCalls(options.variants, signatures);
      if (differences.length === 0) identicalRounds += 1;
      else options.progress(`  round ${round + 1}: calls differ from the baseline's:\n${differences.join("\n")}`);
    }
    if (identicalRounds === 0 && options.allowDifferences !== true)
      throw new Error("no round had every variant make the baseline's calls; see above");
    return {
      options: { ...options },
      variants: options.variants.map((variant, i) => {
        const rounds = perVariant[i] ?? [];
        return { variant, rounds, overall: overallFigures(rounds, latencies[i] ?? []) };
      }),
      calls: { steady: expected.steady ?? 0, burst: expected.burst ?? 0 },
      identicalRounds,
    };
  } finally {
    await Promise.all(sims.map((sim) => sim.close()));
  }
}

/**
 * One round: every plugin started afresh on its simulator; the warm-up and the steady stream played
 * to all of them, taking turns within each period; then the burst to each in turn (alternating the order between rounds), since
 * a burst takes all the machine has.
 */
async function runRound(
  sims: readonly CrispSimulator[],
  round: number,
  options: EndToEndOptions,
  expected: { steady?: number | undefined; burst?: number | undefined },
): Promise<{
  figures: RoundFigures[];
  samples: Latencies[];
  signatures: string[][][];
  calls: { steady: number; burst: number };
}> {
  const plugins: PluginProcess[] = [];
  const keepLogs = new Set<PluginProcess>();
  try {
    for (const [i, variant] of options.variants.entries()) {
      const plugin = await launchPlugin(variant, sims[i] as CrispSimulator, {
        manifest: options.workload.manifest,
        handWritten: options.workload.name,
        ...(options.profileDir === undefined ? {} : { profileDir: options.profileDir }),
      });
      plugins.push(plugin);
      await plugin.start(options.websites);
    }
    const events = (name: string, count: number, seed: number) =>
      options.workload.events({ count, websites: options.websites, prefix: `${RUN}-${round}-${name}`, seed });
    const targets = (name: string, count: number, seed: number, calls?: number): DriveTarget[] =>
      sims.map((sim) => ({ sim, events: events(name, count, seed), expectedCalls: calls }));
    const quietMs = options.quietMs ?? 5_000;
    await driveWorkloads(targets("warm", options.warmupEvents, 3), { rate: options.steadyRate, quietMs });
    const cpu = async () => Promise.all(plugins.map(async (plugin) => (await plugin.usage()).cpuMs));
    const steadyCpu = await cpu();
    const steady = await driveWorkloads(targets("steady", options.steadyEvents, 5, expected.steady), {
      rate: options.steadyRate,
      record: true,
      quietMs,
    });
    (await cpu()).forEach((ms, i) => (steadyCpu[i] = (ms - (steadyCpu[i] ?? 0)) / options.steadyEvents));
    const order = options.variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    const bursts: DriveResult[] = [];
    const burstCpu: number[] = [];
    for (const i of order) {
      const plugin = plugins[i] as PluginProcess;
      const before = (await plugin.usage()).cpuMs;
      const [burst] = await driveWorkloads(targets("burst", options.burstEvents, 9, expected.burst).slice(i, i + 1), {
        record: true,
        quietMs: options.quietMs ?? 10_000,
      });
      burstCpu[i] = ((await plugin.usage()).cpuMs - before) / options.burstEvents;
      bursts[i] = burst as DriveResult;
    }
    const figures = await Promise.all(
      plugins.map(async (plugin, i): Promise<RoundFigures> => {
        const s = steady[i] as DriveResult;
        const b = bursts[i] as DriveResult;
        options.progress(
          `    ${plugin.variant.label} (pid ${String(plugin.pid)}): steady ${s.calls} calls, p50 ${percentile(s.firstCallMs, 0.5).toFixed(1)} ms, p99 ${percentile(s.firstCallMs, 0.99).toFixed(1)} ms; burst ${b.calls} calls in ${(b.durationMs / 1000).toFixed(1)} s`,
        );
        if (s.failedCalls + b.failedCalls > 0) {
          keepLogs.add(plugin);
          options.progress(
            `    ${plugin.variant.label}: ${s.failedCalls + b.failedCalls} call(s) failed; see ${plugin.logFile}`,
          );
        }
        return {
          steadyP50: percentile(s.firstCallMs, 0.5),
          steadyP99: percentile(s.firstCallMs, 0.99),
          steadyCpuPerEvent: steadyCpu[i] ?? Number.NaN,
          burstEventsPerSecond: (b.events * 1000) / b.durationMs,
          burstP50: percentile(b.firstCallMs, 0.5),
          burstP99: percentile(b.firstCallMs, 0.99),
          burstCpuPerEvent: burstCpu[i] ?? Number.NaN,
          peakRss: (await plugin.usage()).maxRssBytes,
        };
      }),
    );
    return {
      figures,
      samples: options.variants.map((_, i) => ({
        steady: steady[i]?.firstCallMs ?? [],
        burst: bursts[i]?.firstCallMs ?? [],
      })),
      signatures: options.variants.map((_, i) => [...(steady[i]?.signatures ?? []), ...(bursts[i]?.signatures ?? [])]),
      calls: { steady: steady[0]?.calls ?? 0, burst: bursts[0]?.calls ?? 0 },
    };
  } finally {
    for (const plugin of plugins) await plugin.stop({ keepLog: keepLogs.has(plugin) });
    for (const sim of sims) sim.clearCalls();
  }
}

/** How each variant's calls differ from the baseline's (the first variant), event by event. */
function compareCalls(variants: readonly PluginVariant[], signatures: readonly string[][][]): string[] {
  const [expected, ...others] = signatures;
  if (expected === undefined) return [];
  const differences: string[] = [];
  for (const [k, actual] of others.entries()) {
    const variant = variants[k + 1] as PluginVariant;
    expected.forEach((calls, event) => {
      const got = actual[event] ?? [];
      // The same calls, in any order: what an echo of the plugin's own write triggers (a segment
      // added, then the rule on session:set_segments) runs beside the rest of the event in a
      // hand-written plugin, after it in the runtime (one conversation's events in turn).
      if (sameCalls(calls, got) || differences.length >= 5) return;
      differences.push(
        `    event ${event}, ${variant.label}:\n      expected ${calls.join("\n               ")}\n      got      ${got.join("\n               ")}`,
      );
    });
  }
  return differences;
}

function sameCalls(expected: readonly string[], got: readonly string[]): boolean {
  return [...expected].sort().join("\n") === [...got].sort().join("\n");
}

function overallFigures(rounds: readonly RoundFigures[], latencies: readonly Latencies[]): RoundFigures {
  const of = (key: keyof RoundFigures): number => median(rounds.map((round) => round[key]));
  const steady = latencies.flatMap((round) => round.steady);
  const burst = latencies.flatMap((round) => round.burst);
  return {
    steadyP50: percentile(steady, 0.5),
    steadyP99: percentile(steady, 0.99),
    steadyCpuPerEvent: of("steadyCpuPerEvent"),
    burstEventsPerSecond: of("burstEventsPerSecond"),
    burstP50: percentile(burst, 0.5),
    burstP99: percentile(burst, 0.99),
    burstCpuPerEvent: of("burstCpuPerEvent"),
    peakRss: of("peakRss"),
  };
}

/**
 * `variant`'s figure over the baseline's: for a latency percentile, the ratio of the percentiles
 * over every round's events (measured in the same stretches of time, since the steady stream reaches
 * all plugins within each period); for the others, the median over rounds of the ratio within each round (the
 * plugins of a round ran minutes apart at most, so their ratio cancels most of the machine's noise).
 */
export function ratioToBaseline(
  result: EndToEndResult,
  variant: PluginVariant,
  key: keyof RoundFigures,
  against: PluginVariant | undefined = result.variants[0]?.variant,
): number {
  const baseline = result.variants.find((v) => v.variant === against);
  const figures = result.variants.find((v) => v.variant === variant);
  if (baseline === undefined || figures === undefined) return Number.NaN;
  if (POOLED.has(key)) return figures.overall[key] / baseline.overall[key];
  return median(figures.rounds.map((round, i) => round[key] / (baseline.rounds[i]?.[key] ?? Number.NaN)));
}
