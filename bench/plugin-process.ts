/**
 * The parent's side of a plugin child (bench/plugin-child.ts): forks it, starts the plugin against
 * a simulator, waits until its RTM socket is bound, asks for its CPU time and memory, stops it.
 */
import { fork, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CrispSimulator } from "../src/devkit/simulator/crisp-simulator.js";
import type { ChildReply, ChildRequest, PluginKind, Usage } from "./plugin-protocol.js";
import type { HandWrittenKind } from "./workloads.js";

/**
 * One row of the comparison: a plugin and the environment it runs with. A store backend is a
 * variant: `{ label: "runtime (sqlite)", kind: "runtime", env: { CRISP_PLUGIN_STORE: "sqlite" } }`.
 */
export interface PluginVariant {
  readonly label: string;
  readonly kind: PluginKind;
  /** Added to the parent's environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The hand-written plugin, then `crisp-plugin run` with each store backend (`CRISP_PLUGIN_STORE`):
 * `memory` is like for like with the hand-written plugin, which keeps nothing either; `sqlite` is
 * what `crisp-plugin run` uses by default; `redis` needs `REDIS_URL`.
 */
export function benchVariants(stores: readonly string[]): PluginVariant[] {
  return [
    { label: "hand-written", kind: "hand-written" },
    ...stores.map((store): PluginVariant => ({
      label: `runtime (${store})`,
      kind: "runtime",
      env: { CRISP_PLUGIN_STORE: store },
    })),
  ];
}

/** How long the plugin took to start, until its socket was bound to every website. */
export interface StartUp {
  readonly wallMs: number;
  readonly usage: Usage;
}

/** A running plugin child. */
export interface PluginProcess {
  readonly variant: PluginVariant;
  /** The child's process id (CPU profiles are named after it). */
  readonly pid: number | undefined;
  /** Where its log (stderr) goes. */
  readonly logFile: string;
  /** Starts the plugin and resolves once the simulator sees its socket bound to `websites` websites. */
  start(websites: number): Promise<StartUp>;
  /** CPU time since start and memory now; with `gc`, after a full collection. */
  usage(gc?: boolean): Promise<Usage>;
  /** Ends the child and waits until the simulator has no socket left; removes its log unless `keepLog`. */
  stop(options?: { keepLog?: boolean }): Promise<void>;
}

const CHILD = fileURLToPath(new URL("./plugin-child.ts", import.meta.url));
const START_TIMEOUT_MS = 120_000;

/**
 * What every child gets: a daily quota far above what the benchmark sends (Crisp's default, 5,000
 * requests a day, would pause the runtime's low-priority steps a few seconds in; a plugin with this
 * traffic has a raised quota).
 */
const BENCH_ENVIRONMENT = { CRISP_DAILY_QUOTA: "1000000000" };
let launched = 0;

/** Options of {@link launchPlugin}. */
export interface LaunchOptions {
  readonly manifest: string;
  /** Which hand-written plugin a `hand-written` variant starts; default the support desk. */
  readonly handWritten?: HandWrittenKind;
  /** Write a V8 CPU profile of the child (`--cpu-prof`) into this folder when it exits. */
  readonly profileDir?: string;
}

/** Forks a plugin child and waits until its modules are loaded. */
export async function launchPlugin(
  variant: PluginVariant,
  sim: CrispSimulator,
  options: LaunchOptions,
): Promise<PluginProcess> {
  const logFile = join(tmpdir(), `crisp-plugin-bench-${process.pid}-${++launched}.log`);
  const log = openSync(logFile, "w");
  const profile = options.profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`];
  const child = fork(CHILD, [variant.kind, options.handWritten ?? "support-desk"], {
    execArgv: ["--import", "tsx", "--expose-gc", ...profile],
    // Its own instance name: a store kept between runs (Redis) holds no work of this child to resume.
    env: {
      ...process.env,
      ...BENCH_ENVIRONMENT,
      CRISP_PLUGIN_INSTANCE: `bench-${process.pid}-${launched}`,
      ...variant.env,
    },
    stdio: ["ignore", "ignore", log, "ipc"],
  });
  closeSync(log);
  const replies = createReplies(child, logFile);
  await replies.next("loaded", START_TIMEOUT_MS);
  const usage = async (gc = false): Promise<Usage> => {
    send(child, { type: "usage", gc });
    return replies.next("usage", 30_000);
  };
  return {
    variant,
    pid: child.pid,
    logFile,
    async start(websites) {
      const before = new Set(sim.rtmSockets().map((socket) => socket.id));
      const started = performance.now();
      send(child, {
        type: "start",
        manifest: options.manifest,
        restHost: sim.url,
        identifier: sim.credentials.identifier,
        key: sim.credentials.key,
      });
      await replies.next("started", START_TIMEOUT_MS);
      await sim.waitForRtmSocket(
        (socket) => !before.has(socket.id) && socket.authenticated && socket.websites.length === websites,
        START_TIMEOUT_MS,
      );
      const wallMs = performance.now() - started;
      return { wallMs, usage: await usage() };
    },
    usage,
    async stop({ keepLog = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        send(child, { type: "stop" });
        await exited;
      }
      // A failure to start rejects earlier, with the log's tail; a clean stop needs no log.
      if (!keepLog) rmSync(logFile, { force: true });
      for (let waited = 0; sim.rtmSockets().length > 0; waited += 20) {
        if (waited > 10_000) throw new Error("the plugin's RTM socket did not disconnect within 10 s");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

function send(child: ChildProcess, request: ChildRequest): void {
  child.send(request);
}

/** Waits for the child's replies one type at a time; rejects with its log when it fails or exits. */
function createReplies(
  child: ChildProcess,
  logFile: string,
): { next: <T extends ChildReply["type"]>(type: T, timeoutMs: number) => Promise<Extract<ChildReply, { type: T }>> } {
  const tail = (): string => readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
  let waiter: { type: string; resolve: (reply: ChildReply) => void; reject: (error: Error) => void } | undefined;
  child.on("message", (reply: ChildReply) => {
    if (reply.type === "failed") waiter?.reject(new Error(`the plugin failed to start: ${reply.error}\n${tail()}`));
    else if (reply.type === waiter?.type) waiter.resolve(reply);
  });
  child.on("exit", (code, signal) => {
    waiter?.reject(new Error(`the plugin child exited (${String(code ?? signal)}); its log:\n${tail()}`));
  });
  return {
    next: (type, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no "${type}" from the plugin child within ${timeoutMs} ms; its log:\n${tail()}`));
        }, timeoutMs);
        waiter = {
          type,
          resolve: (reply) => {
            clearTimeout(timer);
            resolve(reply as Extract<ChildReply, { type: typeof type }>);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
      }),
  };
}
