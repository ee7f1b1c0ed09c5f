/**
 * Start-up at scale: how long each plugin takes, in wall time and in CPU time of its own process,
 * from "start" until the simulator sees its RTM socket bound to every website, with 1,000, 10,000
 * and 100,000 subscribed websites, and its peak memory. The hand-written plugin's start-up is
 * little more than paging `listAllConnectWebsites` into a map, so it is the measure of what paging
 * costs; what the runtime spends beyond it is its own (validating settings, the registry, the
 * manifest, the store, the HTTP server).
 */
import { startCrispSimulator } from "../src/devkit/simulator/start-crisp-simulator.js";
import { SUPPORT_DESK } from "./end-to-end.js";
import { launchPlugin, type PluginVariant } from "./plugin-process.js";
import { median } from "./stats.js";
import { benchWebsites } from "./support-desk-workload.js";

/** Sizes of the start-up benchmark. */
export interface StartUpOptions {
  readonly sizes: readonly number[];
  /** Rounds per size (each starts every variant once, in alternating order). */
  readonly rounds: (size: number) => number;
  /** The first is the baseline. */
  readonly variants: readonly PluginVariant[];
  /** Websites per page of `listAllConnectWebsites` (Crisp's is undocumented; the simulator's default is 20). */
  readonly pageSize?: number;
  readonly progress: (line: string) => void;
}

/** One variant at one size: medians over the rounds. */
export interface StartUpRow {
  readonly websites: number;
  readonly variant: PluginVariant;
  readonly rounds: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRss: number;
  /** Heap still used after a full collection once started: what the plugin keeps. */
  readonly retainedHeap: number;
}

/** Starts every variant against a simulator of each size. */
export async function benchStartUp(options: StartUpOptions): Promise<StartUpRow[]> {
  const rows: StartUpRow[] = [];
  for (const size of options.sizes) {
    const sim = await startCrispSimulator({
      websites: benchWebsites(size),
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    });
    try {
      const samples = new Map<
        PluginVariant,
        { wallMs: number; cpuMs: number; peakRss: number; retainedHeap: number }[]
      >();
      const rounds = options.rounds(size);
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? options.variants : [...options.variants].reverse();
        for (const variant of order) {
          options.progress(
            `  ${size.toLocaleString("en-US")} websites, round ${round + 1}/${rounds}: ${variant.label}`,
          );
          const plugin = await launchPlugin(variant, sim, { manifest: SUPPORT_DESK });
          try {
            const { wallMs, usage } = await plugin.start(size);
            const settled = await plugin.usage(true);
            const list = samples.get(variant) ?? [];
            list.push({
              wallMs,
              cpuMs: usage.cpuMs,
              peakRss: settled.maxRssBytes,
              retainedHeap: settled.heapUsedBytes,
            });
            samples.set(variant, list);
          } finally {
            await plugin.stop();
          }
        }
      }
      for (const variant of options.variants) {
        const list = samples.get(variant) ?? [];
        rows.push({
          websites: size,
          variant,
          rounds: list.length,
          wallMs: median(list.map((s) => s.wallMs)),
          cpuMs: median(list.map((s) => s.cpuMs)),
          peakRss: median(list.map((s) => s.peakRss)),
          retainedHeap: median(list.map((s) => s.retainedHeap)),
        });
      }
    } finally {
      await sim.close();
    }
  }
  return rows;
}
