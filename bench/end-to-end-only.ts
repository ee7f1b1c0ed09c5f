/**
 * Only the end-to-end benchmark, for working on the runtime's hot path: prints each workload's
 * figures and ratios, writes nothing. `node --import tsx bench/end-to-end-only.ts
 * [--workloads=one-rule,support-desk] [--stores=memory,sqlite,redis] [--rounds=N] [--quick] [--profile]`.
 * Rounds whose calls differ from the hand-written plugin's are reported, not fatal (a loaded machine
 * times requests out, and the runtime then checks before sending again).
 * `npm run bench` runs the same code with the sizes of the full run.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchEndToEnd, ratioToBaseline, type RoundFigures } from "./end-to-end.js";
import { defaultStores, endToEndSizes, printProfiles } from "./plugin-benchmarks.js";
import { benchVariants } from "./plugin-process.js";
import { ms, ratio } from "./stats.js";
import { WORKLOADS } from "./workloads.js";

const flag = (name: string): string | undefined =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = process.argv.includes("--quick");
const stores = flag("stores")?.split(",").filter(Boolean) ?? defaultStores(process.env);
const names = flag("workloads")?.split(",").filter(Boolean) ?? WORKLOADS.map((workload) => workload.name);
const rounds = Number(flag("rounds") ?? (quick ? 1 : 6));
const profileDir = process.argv.includes("--profile")
  ? await mkdtemp(join(tmpdir(), "crisp-plugin-bench-profiles-"))
  : undefined;
const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

for (const workload of WORKLOADS.filter((w) => names.includes(w.name))) {
  progress(`end to end: ${workload.name} (${workload.rules}), ${rounds} round(s)`);
  const result = await benchEndToEnd({
    ...endToEndSizes(workload, { quick, rounds, variants: benchVariants(stores), progress, profileDir }),
    allowDifferences: true,
  });
  const keys: [string, keyof RoundFigures, (n: number) => string][] = [
    ["burst events/s", "burstEventsPerSecond", (n) => n.toFixed(0)],
    ["steady p50 (ms)", "steadyP50", ms],
    ["steady p99 (ms)", "steadyP99", ms],
    ["steady CPU/event (ms)", "steadyCpuPerEvent", (n) => n.toFixed(3)],
    ["burst CPU/event (ms)", "burstCpuPerEvent", (n) => n.toFixed(3)],
  ];
  for (const [label, key, format] of keys) {
    const cells = result.variants.map(
      (v, i) =>
        `${v.variant.label} ${format(v.overall[key])}${i === 0 ? "" : ` (${ratio(ratioToBaseline(result, v.variant, key))})`}`,
    );
    process.stdout.write(`${workload.name}: ${label}: ${cells.join(", ")}\n`);
  }
  const memory = result.variants.find((v) => v.variant.label.includes("memory"));
  for (const v of result.variants.filter((x) => x.variant.kind === "runtime" && x !== memory)) {
    if (memory === undefined) break;
    const against = ratio(ratioToBaseline(result, v.variant, "steadyCpuPerEvent", memory.variant));
    process.stdout.write(`${workload.name}: steady CPU/event ${v.variant.label} vs memory: ${against}\n`);
  }
}
if (profileDir !== undefined) printProfiles(profileDir, progress);
