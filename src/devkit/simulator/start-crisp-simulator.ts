import { setMaxListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { CallRecorder } from "./call-recorder.js";
import { DailyQuota, type DailyQuotaOptions } from "./daily-quota.js";
import { createRequestHandler } from "./create-request-handler.js";
import type { CrispSimulator } from "./crisp-simulator.js";
import { FailureInjector } from "./failure-injector.js";
import { HookDispatcher, type HookDispatcherOptions, type HookTarget } from "./hook-dispatcher.js";
import { RandomFaults } from "./random-faults.js";
import type { PluginCredentials } from "./is-authorized.js";
import type { ScopeGrant } from "./is-scope-granted.js";
import type { JsonObject } from "./json-object.js";
import type { RouteEnvironment } from "./route-definition.js";
import { ALL_ROUTES } from "./routes/all-routes.js";
import { loadSocketIo } from "./load-socket-io.js";
import { RtmHub } from "./rtm-hub.js";
import { RunningCrispSimulator } from "./running-crisp-simulator.js";
import type { WebsiteSeed } from "./simulated-website.js";
import { SIMULATOR_DEFAULTS } from "./simulator-defaults.js";
import { SimulatorState } from "./simulator-state.js";

/** How to start a simulator; every option has a default. */
export interface CrispSimulatorOptions {
  /** The plugin token keypair to accept; other credentials get `401 invalid_session`. */
  readonly credentials?: PluginCredentials;
  /** What `getConnectAccount` answers. */
  readonly pluginId?: string;
  readonly pluginUrn?: string;
  /** Websites that installed the plugin before the simulator started. */
  readonly websites?: readonly WebsiteSeed[];
  /** Websites per page of `listAllConnectWebsites`; 20 by default (Crisp's is undocumented). */
  readonly pageSize?: number;
  /**
   * The scopes of a production token: routes needing anything else answer `403 not_allowed`.
   * Left out, the token behaves like a development token, which Crisp does not restrict.
   */
  readonly scopes?: readonly ScopeGrant[];
  /** The clock for timestamps and recorded calls (milliseconds); `Date.now` by default. */
  readonly now?: () => number;
  /** How to wait for latency and injected delays; must reject when `signal` aborts (on close). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Added before answering every request; 0 by default. */
  readonly latencyMs?: number;
  /** Larger request bodies get `413`; 1 MiB by default. */
  readonly bodyLimitBytes?: number;
  /** The port on 127.0.0.1; 0 (any free port) by default. */
  readonly port?: number;
  /** The RTM URL `getConnectEndpoints` hands out; the simulator's own socket.io endpoint (`${url}/rtm/`) by default. */
  readonly socketUrl?: string;
  /**
   * Also deliver every emitted event (lifecycle events included) as a signed Plugin Hook to this URL,
   * retrying failures; `hookDeliveries()` records the attempts. No hooks are sent when left out.
   */
  readonly hooks?: HookTarget;
  /** The settings JSON Schema `getSubscriptionSettings` reports; `{ type: "object" }` by default. */
  readonly settingsSchema?: JsonObject;
  /** A plugin token's daily quota: `429` once `limit` requests were answered, until the clock passes the reset. */
  readonly dailyQuota?: DailyQuotaOptions;
}

const DEFAULTS = SIMULATOR_DEFAULTS;

/**
 * Starts a local Crisp on 127.0.0.1 for the real `crisp-api` client: `client.setRestHost(sim.url)`
 * and `client.authenticateTier("plugin", id, key)` with `sim.credentials`. The REST API and the RTM
 * socket.io endpoint share the port, so `client.on(event, ...)` connects to it through
 * `getConnectEndpoints`. Close it with `sim.close()`.
 */
export async function startCrispSimulator(options: CrispSimulatorOptions = {}): Promise<CrispSimulator> {
  checkOptions(options);
  const socketIo = await loadSocketIo();
  const now = options.now ?? Date.now;
  const state = new SimulatorState(now);
  for (const seed of options.websites ?? []) state.install(seed);
  const closing = new AbortController();
  // Every request waiting out its latency listens to it: a busy simulator has many at once.
  setMaxListeners(Infinity, closing.signal);
  const parts = {
    credentials: options.credentials ?? DEFAULTS.credentials,
    pluginId: options.pluginId ?? DEFAULTS.pluginId,
    pluginUrn: options.pluginUrn ?? DEFAULTS.pluginUrn,
    state,
    recorder: new CallRecorder(),
    failures: new FailureInjector(),
    faults: new RandomFaults(),
    closing,
  };
  let origin = "";
  // Read late: the port, hence the RTM URL, is only known once listening.
  const env = routeEnvironment(options, parts, () => options.socketUrl ?? `${origin}${DEFAULTS.rtmPath}`);
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  // Routes emit through the running simulator, which exists once the server listens.
  const late: { running?: RunningCrispSimulator } = {};
  const handler = createRequestHandler({
    ...parts,
    routes: ALL_ROUTES,
    env,
    scopes: options.scopes,
    latencyMs: options.latencyMs ?? 0,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes,
    sleep: (ms) => sleep(ms, parts.closing.signal),
    ...(options.dailyQuota === undefined ? {} : { quota: new DailyQuota(options.dailyQuota, now) }),
    emit: (websiteId, event, data) => late.running?.emit(websiteId, event, data),
  });
  const server = createServer(handler);
  const rtm = new RtmHub({ server, path: DEFAULTS.rtmPath, credentials: parts.credentials, state, socketIo });
  const hooks = createHooks(options.hooks, { pluginId: parts.pluginId, now, sleep, signal: parts.closing.signal });
  const port = await listen(server, options.port ?? 0).catch(async (error: unknown) => {
    await rtm.close();
    throw error;
  });
  origin = `http://127.0.0.1:${port}`;
  const running = new RunningCrispSimulator({ ...parts, server, port, rtmPath: DEFAULTS.rtmPath, rtm, hooks, now });
  late.running = running;
  return running;
}

function routeEnvironment(
  options: CrispSimulatorOptions,
  parts: Pick<RouteEnvironment, "state" | "pluginId" | "pluginUrn">,
  socketUrl: () => string,
): RouteEnvironment {
  return {
    state: parts.state,
    now: options.now ?? Date.now,
    pluginId: parts.pluginId,
    pluginUrn: parts.pluginUrn,
    pageSize: options.pageSize ?? DEFAULTS.pageSize,
    socketUrl,
    settingsSchema: options.settingsSchema ?? { type: "object" },
  };
}

/** The hooks sender when the `hooks` option asks for one. */
function createHooks(
  target: HookTarget | undefined,
  wiring: Omit<HookDispatcherOptions, "target">,
): HookDispatcher | undefined {
  return target === undefined ? undefined : new HookDispatcher({ target, ...wiring });
}

/** Counts that may be 0; the others start at 1. */
const MAY_BE_ZERO = new Set(["latencyMs", "hooks.backoffMs"]);

function checkOptions(options: CrispSimulatorOptions): void {
  const counts = {
    pageSize: options.pageSize,
    latencyMs: options.latencyMs,
    bodyLimitBytes: options.bodyLimitBytes,
    "hooks.attemptLimit": options.hooks?.attemptLimit,
    "hooks.backoffMs": options.hooks?.backoffMs,
    "hooks.timeoutMs": options.hooks?.timeoutMs,
  };
  for (const [name, value] of Object.entries(counts)) {
    const minimum = MAY_BE_ZERO.has(name) ? 0 : 1;
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= minimum)) {
      throw new RangeError(`startCrispSimulator: ${name} must be an integer from ${minimum}, got ${value}`);
    }
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
