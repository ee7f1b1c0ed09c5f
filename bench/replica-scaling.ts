/**
 * Events per second with 1, 2 and 3 replicas sharing one Redis (`REDIS_URL`), over Web Hooks spread
 * round-robin: what adding a replica gives on this machine. Each replica is `crisp-plugin run` in
 * a child process; the Crisp simulator answers every REST call after `LATENCY_MS`, as Crisp would
 * after a network round trip, and each replica runs `CONCURRENCY` conversations at once, so that a
 * replica is bound by the time its calls take, as a real one is, rather than by this machine's two
 * cores.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { freePort } from "../test/support/free-port.js";
import type { CrispSimulator } from "../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../src/devkit/simulator/start-crisp-simulator.js";
import type { SummaryRow } from "./summary-table.js";

const CHILD = fileURLToPath(new URL("./replica-child.ts", import.meta.url));
const SECRET = "bench-replicas-secret";
const LATENCY_MS = 40;
const CONCURRENCY = 8;
const SENDERS = 48;

const MANIFEST = stringify({
  version: 1,
  plugin: { urn: "urn:bench:replicas:0", name: "Replica bench" },
  scopes: [{ scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." }],
  circuit_breaker: { actions_per_minute: 10_000 },
  rules: [
    { id: "answer", on: "message:send", do: [{ action: "send_message", with: { content: "re: {{data.content}}" } }] },
  ],
});

/** One row: how many replicas, and the events a second they handled. */
export interface ReplicaRow {
  readonly replicas: number;
  readonly events: number;
  readonly eventsPerSecond: number;
}

/** Runs the burst with 1, 2 and 3 replicas; `undefined` without `REDIS_URL`. */
export async function benchReplicaScaling(options: {
  readonly quick: boolean;
  readonly redisUrl: string | undefined;
  readonly progress: (line: string) => void;
}): Promise<ReplicaRow[] | undefined> {
  if (options.redisUrl === undefined) return undefined;
  const rows: ReplicaRow[] = [];
  for (const replicas of [1, 2, 3]) {
    options.progress(`bench: ${replicas} replica(s) on Redis, a burst of Web Hooks...`);
    rows.push(await burst(replicas, options.quick ? 300 : 1_500, options.redisUrl));
  }
  return rows;
}

async function burst(count: number, events: number, redisUrl: string): Promise<ReplicaRow> {
  const sim = await startCrispSimulator({ latencyMs: LATENCY_MS, websites: [{ website_id: "website-1" }] });
  const dir = await mkdtemp(join(tmpdir(), "crisp-plugin-bench-replicas-"));
  const children: ChildProcess[] = [];
  try {
    await writeFile(join(dir, "plugin.yaml"), MANIFEST);
    const ports: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const { child, port } = await startReplica(sim, dir, redisUrl, index);
      children.push(child);
      ports.push(port);
    }
    const sessions = Array.from({ length: SENDERS }, (_, index) => `session-${index}`);
    for (const session of sessions) sim.createConversation("website-1", { session_id: session });
    const answered = repliesReach(sim, events);
    const started = performance.now();
    let next = 0;
    const run = Date.now();
    await Promise.all(
      sessions.map(async (session, sender) => {
        for (let index = next++; index < events; index = next++) {
          const port = ports[index % ports.length] as number;
          const body = {
            website_id: "website-1",
            event: "message:send",
            data: {
              session_id: session,
              type: "text",
              from: "user",
              origin: "chat",
              content: `m${index}`,
              fingerprint: run + index,
            },
            timestamp: Date.now(),
          };
          const response = await sim.sendHook(`http://127.0.0.1:${port}/hooks`, SECRET, body);
          if (response.status !== 200) throw new Error(`replica answered ${response.status} (sender ${sender})`);
        }
      }),
    );
    await answered;
    const seconds = (performance.now() - started) / 1000;
    return { replicas: count, events, eventsPerSecond: events / seconds };
  } finally {
    for (const child of children) child.kill("SIGKILL");
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function startReplica(
  sim: CrispSimulator,
  dir: string,
  redisUrl: string,
  index: number,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  // tsx by its resolved URL: the child runs in the plugin's folder, outside this package.
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), CHILD, "run", "plugin.yaml", "--no-watch"],
    {
      cwd: dir,
      env: {
        ...process.env,
        CRISP_IDENTIFIER: sim.credentials.identifier,
        CRISP_KEY: sim.credentials.key,
        CRISP_REST_HOST: sim.url,
        CRISP_RTM_MODE: "webhooks",
        CRISP_HOOKS_SECRET: SECRET,
        CRISP_PLUGIN_STORE: "redis",
        REDIS_URL: redisUrl,
        CRISP_PLUGIN_INSTANCE: `bench-replica-${index}`,
        CRISP_PLUGIN_CONCURRENCY: String(CONCURRENCY),
        CRISP_DAILY_QUOTA: "1000000000",
        LOG_LEVEL: process.env.BENCH_REPLICA_LOG_LEVEL ?? "warn",
        PORT: String(port),
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  // Its port is chosen here: at LOG_LEVEL=warn the replica does not log the one it listens on.
  let output = "";
  let exited: string | undefined;
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    output = (output + chunk).slice(-4_000);
    if (process.env.BENCH_REPLICA_LOG_LEVEL) process.stderr.write(chunk);
  });
  child.on("exit", (code) => {
    exited = `replica ${index} exited (${String(code)}):\n${output}`;
  });
  for (const startedAt = performance.now(); ;) {
    if (exited !== undefined) throw new Error(exited);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (health?.status === 200) break;
    if (performance.now() - startedAt > 60_000)
      throw new Error(`replica ${index} did not answer within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port };
}

/** Resolves once the simulator got `count` replies; rejects, saying how many came, after two minutes. */
function repliesReach(sim: CrispSimulator, count: number): Promise<void> {
  const replies = (): number => sim.calls({ route: "sendMessageInConversation" }).length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${replies()} of ${count} replies within 120 s`));
    }, 120_000);
    const check = (): void => {
      if (replies() < count) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const stop = sim.onCall(check);
    check();
  });
}

/** The section of BENCHMARKS.md. */
export function replicaSection(rows: readonly ReplicaRow[] | undefined): string {
  const intro = `## Replicas on Redis

Events a second with 1, 2 and 3 replicas of \`crisp-plugin run\` sharing one Redis, for a burst of
Web Hooks spread round-robin (one \`send_message\` each, ${SENDERS} conversations). The simulator answers
every Crisp call after ${LATENCY_MS} ms and each replica runs ${CONCURRENCY} conversations at once
(\`CRISP_PLUGIN_CONCURRENCY\`), so that a replica is bound by its calls' round trips, as a real one
is: the ratio is what another replica gives while the machine has CPU to spare. On this machine all
replicas, Redis, the simulator and the sender share two cores, which caps the ratio; on N machines it
is what [docs/scaling.md](../docs/scaling.md#what-n-machines-give-and-where-redis-becomes-the-limit) works out.`;
  if (rows === undefined) return `${intro}\n\nNot measured in this run: set \`REDIS_URL\` to run it.\n`;
  const base = rows[0]?.eventsPerSecond ?? 1;
  return `${intro}

| Replicas | Events | Events/s | Ratio to 1 replica |
| ---: | ---: | ---: | ---: |
${rows.map((row) => `| ${row.replicas} | ${row.events} | ${Math.round(row.eventsPerSecond)} | ${(row.eventsPerSecond / base).toFixed(2)}x |`).join("\n")}
`;
}

/** The summary's rows: 2 and 3 replicas against 1. */
export function replicaSummaryRows(rows: readonly ReplicaRow[] | undefined): SummaryRow[] {
  const base = rows?.[0];
  if (rows === undefined || base === undefined) return [];
  return rows.slice(1).map((row) => ({
    key: `replicas.events-per-second.${row.replicas}`,
    benchmark: `Replicas on Redis: ${row.replicas} vs 1, call-bound`,
    measured: "events/s",
    result: String(Math.round(row.eventsPerSecond)),
    baseline: String(Math.round(base.eventsPerSecond)),
    figure: row.eventsPerSecond / base.eventsPerSecond,
    shown: `${(row.eventsPerSecond / base.eventsPerSecond).toFixed(2)}x`,
    target: "",
  }));
}
