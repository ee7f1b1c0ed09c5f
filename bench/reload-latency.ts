/**
 * Hot reload, in-process: how long after `writeFile` resolves on plugin.yaml (200 rules, one rule's
 * reply changed per save) the new version is live, through the runtime's own file watcher, split at
 * the moment the watcher calls `reload()`: before it, the watcher's share (chokidar's
 * `awaitWriteFinish`, 25 ms stable polled every 5 ms, and the 20 ms debounce of
 * src/runtime/reload/watch-files.ts); after it, loading, validating, compiling and swapping. As the in-run
 * baseline, `runtime.reloader.reload()` called directly on the same manifest, on a second runtime
 * that does not watch.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../src/core/logging/logger.js";
import { startRuntimeInternals, type RuntimeInternals } from "../src/runtime/run/start-runtime.js";
import type { CrispSimulator } from "../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../src/devkit/simulator/start-crisp-simulator.js";

/** One line of the table: a duration's distribution over the saves, in milliseconds. */
export interface ReloadRow {
  readonly measured: string;
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

const RULES = 200;
/** The watcher's nominal wait before a reload starts (stability threshold + debounce). */
export const WATCHER_WAIT_MS = 25 + 20;

/** A manifest of 200 rules on message:send; rule `i` replies with its marker `markers[i]`. */
function manifestText(markers: readonly number[]): string {
  const rules = markers.map(
    (marker, index) => `  - id: rule-${index}
    on: message:send
    if:
      - { path: data.type, equals: text }
      - { path: data.content, matches: { pattern: "\\\\b(order|refund)-${index}\\\\b", flags: i } }
    do:
      - action: send_message
        with: { content: "{{data.user.nickname}}, rule ${index} here (v${marker})." }`,
  );
  return `version: 1
plugin: { urn: "urn:bench:reload:0", name: Bench Reload }
scopes:
  - { scope: website:conversation:messages, access: [read, write], why: Answer visitors. }
rules:
${rules.join("\n")}
`;
}

/** A runtime on its own plugin folder, with the moment each version went live (from its log line). */
interface Plugin {
  readonly runtime: RuntimeInternals;
  readonly file: string;
  /** `performance.now()` at each call of `runtime.reloader.reload()`, the watcher's included. */
  readonly reloadCalls: readonly number[];
  /** Resolves with `performance.now()` at the log line saying that version `number` is live. */
  live(number: number): Promise<number>;
  close(): Promise<void>;
}

async function startPlugin(sim: CrispSimulator, text: string, watch: boolean): Promise<Plugin> {
  const dir = await mkdtemp(join(tmpdir(), "crisp-plugin-bench-reload-"));
  const file = join(dir, "plugin.yaml");
  await writeFile(file, text);
  const liveAt = new Map<number, number>();
  const waiters = new Map<number, (at: number) => void>();
  // The reloader logs this line right after swapping the version: the swap is timed exactly,
  // without polling.
  const write = (line: string): void => {
    const match = /reloaded: version (\d+) is live/.exec(line);
    if (match === null) return;
    const number = Number(match[1]);
    const at = performance.now();
    liveAt.set(number, at);
    waiters.get(number)?.(at);
  };
  const runtime = await startRuntimeInternals({
    manifest: "plugin.yaml",
    cwd: dir,
    identifier: sim.credentials.identifier,
    key: sim.credentials.key,
    restHost: sim.url,
    mode: "websockets",
    port: 0,
    host: "127.0.0.1",
    log: createLogger({ level: "info", write }),
    watch,
  });
  // The watcher calls the reloader the runtime exposes: wrapping it tells when the watcher's wait ends.
  const reloadCalls: number[] = [];
  const reload = runtime.reloader.reload.bind(runtime.reloader);
  runtime.reloader.reload = () => {
    reloadCalls.push(performance.now());
    return reload();
  };
  return {
    runtime,
    file,
    reloadCalls,
    live: (number) => {
      const seen = liveAt.get(number);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`version ${number} was not live within 5 s`));
        }, 5_000);
        waiters.set(number, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: async () => {
      await runtime.close(1_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Saves unchanged until the watcher reloads (it is armed a moment after startRuntime resolves), then lets it settle. */
async function untilWatching(plugin: Plugin, text: string): Promise<void> {
  const first = plugin.runtime.version().number;
  for (let attempt = 0; plugin.runtime.version().number === first; attempt++) {
    if (attempt === 50) throw new Error("the watcher never reported a save");
    await writeFile(plugin.file, text);
    await sleep(100);
  }
  await sleep(200);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function row(measured: string, samples: readonly number[]): ReloadRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { measured, samples: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

/**
 * Saves plugin.yaml `saves` times (one rule's reply changed each time), 150 ms apart, and times
 * each save to the swap, through the watcher and through a direct `reload()`.
 */
export async function benchReloadLatency(options: { saves?: number } = {}): Promise<ReloadRow[]> {
  const saves = options.saves ?? 20;
  const markers = Array.from({ length: RULES }, () => 0);
  const sim = await startCrispSimulator({ websites: [{ website_id: "bench-1" }] });
  const watched = await startPlugin(sim, manifestText(markers), true);
  const direct = await startPlugin(sim, manifestText(markers), false);
  try {
    await untilWatching(watched, manifestText(markers));
    const throughWatcher: number[] = [];
    const watcherWait: number[] = [];
    const reloadWork: number[] = [];
    const called: number[] = [];
    for (let save = 1; save <= saves; save++) {
      markers[(save * 37) % RULES] = save;
      const text = manifestText(markers);

      const next = watched.runtime.version().number + 1;
      const calls = watched.reloadCalls.length;
      await writeFile(watched.file, text);
      const written = performance.now();
      const live = await watched.live(next);
      const reloadCalled = watched.reloadCalls[calls] ?? written;
      throughWatcher.push(live - written);
      watcherWait.push(reloadCalled - written);
      reloadWork.push(live - reloadCalled);

      await writeFile(direct.file, text);
      const started = performance.now();
      const outcome = await direct.runtime.reloader.reload();
      if (outcome !== "applied") throw new Error(`the direct reload was ${outcome}`);
      called.push(performance.now() - started);
      // Lets a late second report of the same save (chokidar under load) land before the next one.
      await sleep(150);
    }
    return [
      row("save → live, through the watcher", throughWatcher),
      row("of which: save → the watcher calls reload() (settle + debounce)", watcherWait),
      row("of which: reload() → live (load, validate, compile, swap)", reloadWork),
      row("baseline: reload() called directly, no watcher", called),
    ];
  } finally {
    await watched.close();
    await direct.close();
    await sim.close();
  }
}
