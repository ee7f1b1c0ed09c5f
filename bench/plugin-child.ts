/**
 * A plugin under test, alone in its process so that its CPU time and memory are its own: the
 * runtime (`crisp-plugin run`) or a hand-written baseline. Started by bench/plugin-process.ts with
 * the kind as first argument and the hand-written plugin (`support-desk`, `one-rule`) as second; it loads that kind's modules, says
 * `loaded`, and starts the plugin only when told, so that start-up is timed without module loading.
 * The runtime is `crisp-plugin run` itself (the CLI's `main`, in this process), so it reads the
 * environment (the parent's plus the variant's: `CRISP_PLUGIN_STORE`, `LOG_LEVEL`...) as it would
 * for a user, and logs to stderr, which the parent sends to a file.
 */
import { rmSync } from "node:fs";
import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildReply, ChildRequest, PluginKind } from "./plugin-protocol.js";
import type { HandWrittenKind } from "./workloads.js";

const kind = process.argv[2] as PluginKind;
const handWritten = (process.argv[3] ?? "support-desk") as HandWrittenKind;
let startCpu: NodeJS.CpuUsage | undefined;
/** The runtime's folder, removed on stop. */
let folder: string | undefined;

const send = (reply: ChildReply): void => {
  process.send?.(reply);
};

/** Starts the plugin; resolves with the number of websites it loaded. */
type Starter = (request: Extract<ChildRequest, { type: "start" }>) => Promise<number>;

async function loadStarter(): Promise<Starter> {
  if (kind === "hand-written" && handWritten === "one-rule") {
    const { startHandWrittenOneRule } = await import("./hand-written-one-rule.js");
    return async (request) => (await startHandWrittenOneRule(request)).websites;
  }
  if (kind === "hand-written") {
    const { startHandWrittenPlugin } = await import("./hand-written-plugin.js");
    return async (request) => (await startHandWrittenPlugin(request)).websites;
  }
  const { main } = await import("../src/cli/main.js");
  const { processIo } = await import("../src/cli/cli-io.js");
  // `crisp-plugin run`, in this process: the environment decides what it decides for a user.
  return async (request) => {
    // Its own folder: the manifest, and whatever a store backend writes next to it.
    const cwd = await mkdtemp(join(tmpdir(), "crisp-plugin-bench-"));
    folder = cwd;
    await copyFile(request.manifest, join(cwd, "plugin.yaml"));
    Object.assign(process.env, {
      CRISP_IDENTIFIER: request.identifier,
      CRISP_KEY: request.key,
      CRISP_REST_HOST: request.restHost,
      PORT: "0",
    });
    return new Promise((resolve, reject) => {
      let websites = Number.NaN;
      const stderr = (text: string): void => {
        process.stderr.write(text);
        const loaded = /(\d+) subscribed website\(s\) loaded/.exec(text);
        if (loaded) websites = Number(loaded[1]);
        if (text.includes("listening on port")) resolve(websites);
      };
      const io = { ...processIo(), stderr, cwd };
      main(["run", "plugin.yaml"], io).then(
        (code) => {
          reject(new Error(`crisp-plugin run ended with exit code ${code}`));
        },
        (error: unknown) => {
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
}

const start = await loadStarter();
process.on("message", (message: ChildRequest) => {
  if (message.type === "start") {
    startCpu = process.cpuUsage();
    const started = performance.now();
    start(message).then(
      (websites) => {
        send({ type: "started", websites, ms: performance.now() - started });
      },
      (error: unknown) => {
        send({ type: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      },
    );
  } else if (message.type === "usage") {
    if (message.gc) globalThis.gc?.();
    const cpu = process.cpuUsage(startCpu);
    const memory = process.memoryUsage();
    send({
      type: "usage",
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    });
  } else {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    process.exit(0);
  }
});
send({ type: "loaded" });
