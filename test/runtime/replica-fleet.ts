import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { HookBody } from "../../src/devkit/simulator/send-hook.js";
import { runEnvironment, visitorMessage, type CliProcess, type TestWorld } from "./runtime-harness.js";

/** One `crisp-plugin run` of a fleet sharing one Redis, as a child process (SIGKILL and SIGSTOP work). */
export interface Replica {
  /** `CRISP_PLUGIN_INSTANCE`, stable across its restarts. */
  readonly name: string;
  readonly process: CliProcess;
  readonly port: number;
}

/** How to start the replicas of a fleet. */
export interface FleetOptions {
  readonly sim: CrispSimulator;
  /** The plugin folder, with the manifest in it. */
  readonly dir: string;
  readonly manifest: string;
  /** The Redis URL, with a database of its own per test (`redis://host:port/N`). */
  readonly redisUrl: string;
  readonly mode: "websockets" | "webhooks";
  readonly hooksSecret?: string;
  /** More environment for every replica. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts replica `name` of the fleet and waits until it answers on its port. */
export async function startReplica(world: TestWorld, fleet: FleetOptions, name: string): Promise<Replica> {
  const env = runEnvironment(fleet.sim, {
    CRISP_RTM_MODE: fleet.mode,
    ...(fleet.hooksSecret === undefined ? {} : { CRISP_HOOKS_SECRET: fleet.hooksSecret }),
    CRISP_PLUGIN_STORE: "redis",
    REDIS_URL: fleet.redisUrl,
    CRISP_PLUGIN_INSTANCE: name,
    LOG_LEVEL: "info",
    ...fleet.env,
  });
  const process = world.spawn(["run", fleet.manifest], fleet.dir, env);
  return { name, process, port: await process.ready() };
}

/** Starts `count` replicas, `replica-0`... one after the other. */
export async function startFleet(world: TestWorld, fleet: FleetOptions, count: number): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let index = 0; index < count; index += 1) replicas.push(await startReplica(world, fleet, `replica-${index}`));
  return replicas;
}

/** A visitor's message as the Web Hook Crisp POSTs for it. */
export function messageHook(websiteId: string, sessionId: string, content: string, fingerprint: number): HookBody {
  return {
    website_id: websiteId,
    event: "message:send",
    data: { ...visitorMessage(sessionId, content), fingerprint },
    timestamp: Date.now(),
  };
}

/** The contents of the messages the plugin stored in a conversation, in order. */
export function pluginMessages(sim: CrispSimulator, websiteId: string, sessionId: string): string[] {
  return (sim.conversation(websiteId, sessionId)?.messages ?? [])
    .filter((message) => message.origin === sim.pluginUrn)
    .map((message) => String(message.content));
}

/** Resolves once `predicate` holds, checked after every call the simulator answers; rejects after `timeoutMs`. */
export function untilCalls(
  sim: CrispSimulator,
  predicate: () => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${what}: not within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = (): void => {
      if (!predicate()) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const stop = sim.onCall(check);
    check();
  });
}
