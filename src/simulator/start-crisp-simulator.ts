import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { CallRecorder } from "./call-recorder.js";
import { createRequestHandler } from "./create-request-handler.js";
import type { CrispSimulator } from "./crisp-simulator.js";
import { FailureInjector } from "./failure-injector.js";
import type { PluginCredentials } from "./is-authorized.js";
import type { ScopeGrant } from "./is-scope-granted.js";
import type { JsonObject } from "./json-object.js";
import type { RouteEnvironment } from "./route-definition.js";
import { ALL_ROUTES } from "./routes/all-routes.js";
import { RunningCrispSimulator } from "./running-crisp-simulator.js";
import type { WebsiteSeed } from "./simulated-website.js";
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
  /** The RTM URL `getConnectEndpoints` hands out; the simulator's own origin by default. */
  readonly socketUrl?: string;
  /** The settings JSON Schema `getSubscriptionSettings` reports; `{ type: "object" }` by default. */
  readonly settingsSchema?: JsonObject;
}

const DEFAULTS = {
  credentials: { identifier: "simulator-identifier", key: "simulator-key" },
  pluginId: "00000000-0000-4000-8000-00000000c815",
  pluginUrn: "urn:crisp-plugin-kit:simulator:0",
  pageSize: 20,
  bodyLimitBytes: 1024 * 1024,
} as const;

/**
 * Starts a local Crisp REST API on 127.0.0.1 for the real `crisp-api` client:
 * `client.setRestHost(sim.url)` and `client.authenticateTier("plugin", id, key)` with
 * `sim.credentials`. Close it with `sim.close()`.
 */
export async function startCrispSimulator(options: CrispSimulatorOptions = {}): Promise<CrispSimulator> {
  checkOptions(options);
  const now = options.now ?? Date.now;
  const state = new SimulatorState(now);
  for (const seed of options.websites ?? []) state.install(seed);
  const parts = {
    credentials: options.credentials ?? DEFAULTS.credentials,
    pluginId: options.pluginId ?? DEFAULTS.pluginId,
    pluginUrn: options.pluginUrn ?? DEFAULTS.pluginUrn,
    state,
    recorder: new CallRecorder(),
    failures: new FailureInjector(),
    closing: new AbortController(),
  };
  let origin = "";
  const env: RouteEnvironment = {
    state,
    now,
    pluginId: parts.pluginId,
    pluginUrn: parts.pluginUrn,
    pageSize: options.pageSize ?? DEFAULTS.pageSize,
    socketUrl: () => options.socketUrl ?? origin,
    settingsSchema: options.settingsSchema ?? { type: "object" },
  };
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  const handler = createRequestHandler({
    ...parts,
    routes: ALL_ROUTES,
    env,
    scopes: options.scopes,
    latencyMs: options.latencyMs ?? 0,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes,
    sleep: (ms) => sleep(ms, parts.closing.signal),
  });
  const server = createServer(handler);
  const port = await listen(server, options.port ?? 0);
  origin = `http://127.0.0.1:${port}`;
  return new RunningCrispSimulator({ ...parts, server, port });
}

function checkOptions(options: CrispSimulatorOptions): void {
  const counts = { pageSize: options.pageSize, latencyMs: options.latencyMs, bodyLimitBytes: options.bodyLimitBytes };
  for (const [name, value] of Object.entries(counts)) {
    const minimum = name === "latencyMs" ? 0 : 1;
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
