import { createServer, type Server, type ServerResponse } from "node:http";
import { connectRtm, type RtmConnection } from "../crisp/connect-rtm.js";
import { createCrispRest, limitToScopes } from "../crisp/crisp-rest.js";
import { grantedScopes } from "../crisp/granted-scopes.js";
import { createPluginConnect, type PluginConnect } from "../crisp/plugin-connect.js";
import { timeRest } from "../crisp/time-rest.js";
import { compileRuleSet, type RuleSet } from "../engine/compile-rule-set.js";
import { parseCrispEvent, type CrispEvent } from "../engine/crisp-event.js";
import { createEventQueue } from "../engine/create-event-queue.js";
import type { EngineDeps } from "../engine/handle-event.js";
import { KitError } from "../errors/kit-error.js";
import { createHooksHandler } from "../intake/create-hooks-handler.js";
import { loadManifest, type LoadedManifest } from "../manifest/load-manifest.js";
import { formatProblem } from "../manifest/problem.js";
import { createMetrics, type Metrics } from "../observability/create-metrics.js";
import type { Logger } from "../observability/logger.js";
import { createSettingsValidator } from "../websites/create-settings-validator.js";
import { loadWebsites } from "../websites/load-websites.js";
import { WebsiteRegistry } from "../websites/website-registry.js";
import { createDispatcher, LIFECYCLE_EVENTS } from "./create-dispatcher.js";
import { reconcileWebsites } from "./reconcile-websites.js";

/** How to run a plugin; `crisp-plugin run` reads these from the environment. */
export interface RuntimeOptions {
  readonly manifest: string;
  readonly cwd?: string;
  readonly identifier: string;
  readonly key: string;
  readonly restHost?: string;
  /** Overrides the socket URL from `plugin/connect/endpoints`. */
  readonly rtmHost?: string;
  readonly mode: "websockets" | "webhooks";
  /** The Web Hooks signing secret; required in webhooks mode. */
  readonly hooksSecret?: string;
  /** HTTP port for /hooks, /healthz and /metrics; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  /** Render and log what the rules would do, without calling Crisp or outside hosts. */
  readonly dryRun?: boolean;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
  /** Conversations handled at once (events of one conversation are always one at a time). */
  readonly concurrency?: number;
  /** How often missed installs, uninstalls and settings changes are repaired; default 5 minutes. */
  readonly reconcileIntervalMs?: number;
}

/**
 * Signed Web Hooks older than this are refused as replays (403). Generous, because Crisp's retry
 * schedule, and whether a retry keeps the first attempt's timestamp, are not documented.
 */
export const HOOK_MAX_AGE_MS = 60 * 60_000;

/** A running plugin. */
export interface Runtime {
  /** The HTTP port actually listened on. */
  readonly port: number;
  readonly pluginId: string;
  readonly registry: WebsiteRegistry;
  readonly metrics: Metrics;
  /** Hands an event to the rules as an intake would (used by `dev`). */
  dispatch(event: CrispEvent): Promise<"accepted" | "ignored">;
  /**
   * Stops taking events, lets the steps in flight finish within `deadlineMs`, then closes.
   * Resolves true when everything in flight finished.
   */
  close(deadlineMs?: number): Promise<boolean>;
}

/**
 * Starts a plugin: loads and validates the manifest, finds the plugin id, loads every subscribed
 * website and validates its settings, then takes events over the RTM socket or Web Hooks.
 * Rejects with a `KitError` whose message is one line a person can act on.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { log } = options;
  const loaded = await loadValidManifest(options);
  const { manifest } = loaded;
  const metrics = createMetrics();
  const credentials = {
    identifier: options.identifier,
    key: options.key,
    ...(options.restHost ? { restHost: options.restHost } : {}),
  };
  const connect = createPluginConnect(credentials);
  const pluginId = await connect.getPluginId().catch((error: unknown) => {
    throw describeStartupError(error, options.restHost ?? "https://api.crisp.chat");
  });
  log.info(`plugin ${manifest.plugin.name} (${manifest.plugin.urn}), plugin id ${pluginId}`);
  const registry = new WebsiteRegistry(createSettingsValidator(manifest.settings), log);
  await loadAllWebsites(connect, registry, log);
  const ruleSet: RuleSet = compileRuleSet(manifest);
  const engine: EngineDeps = {
    crisp: limitToScopes(timeRest(createCrispRest(credentials), metrics.restDuration), grantedScopes(manifest.scopes)),
    log,
    now: options.now ?? (() => new Date()),
    fetch: options.fetch ?? fetch,
    ...(loaded.hooks ? { hooks: loaded.hooks.runner } : {}),
    mode: options.dryRun ? "record" : "run",
  };
  const queue = createEventQueue({ concurrency: options.concurrency ?? 32 });
  let rtm: RtmConnection | undefined;
  let closing = false;
  const dispatchNow = createDispatcher({
    ruleSet: () => ruleSet,
    registry,
    queue,
    engine,
    connect,
    pluginId,
    log,
    metrics,
    onInstalled: () => rtm?.rebind(),
  });
  // Once shutting down, nothing new is accepted: a Web Hook then gets 503 and Crisp retries it later.
  const dispatch = (event: CrispEvent): Promise<"accepted" | "ignored"> =>
    closing
      ? Promise.reject(new KitError("SHUTTING_DOWN", "shutting down", { kind: "retryable" }))
      : dispatchNow(event);
  const server = await listen(options, dispatch, metrics, registry, log);
  if (options.mode === "websockets") {
    rtm = await startSocket(options, connect, [...new Set([...ruleSet.events, ...LIFECYCLE_EVENTS])], dispatch, log);
  }
  const reconcile = startReconciling(options, connect, registry, () => rtm?.rebind(), log);
  updateWebsiteGauge(metrics, registry);
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  log.info(`listening on port ${port} (${options.mode}${options.dryRun ? ", dry run: nothing is sent" : ""})`);
  return {
    port,
    pluginId,
    registry,
    metrics,
    dispatch,
    async close(deadlineMs = 10_000) {
      closing = true;
      clearInterval(reconcile);
      rtm?.close();
      const finished = await Promise.race([
        queue.idle().then(() => true),
        new Promise<boolean>((resolve) =>
          setTimeout(() => {
            resolve(false);
          }, deadlineMs).unref(),
        ),
      ]);
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      server.closeAllConnections();
      return finished;
    },
  };
}

async function loadValidManifest(
  options: RuntimeOptions,
): Promise<LoadedManifest & { manifest: NonNullable<LoadedManifest["manifest"]> }> {
  const loaded = await loadManifest(options.manifest, options.cwd === undefined ? {} : { cwd: options.cwd });
  for (const problem of loaded.problems) options.log.warn(formatProblem(problem));
  if (loaded.manifest === undefined) {
    const errors = loaded.problems.filter((problem) => problem.severity === "error").length;
    throw new KitError("MANIFEST_INVALID", `${options.manifest} has ${errors} error(s); run crisp-plugin validate`);
  }
  return { ...loaded, manifest: loaded.manifest };
}

function describeStartupError(error: unknown, host: string): KitError {
  if (!(error instanceof KitError)) return new KitError("CRISP_REQUEST_FAILED", String(error), { cause: error });
  const status = error.context.status;
  if (status === 401 || status === 403) {
    return new KitError(
      "CRISP_UNAUTHORIZED",
      `Crisp refused the plugin token (${String(status)}); check CRISP_IDENTIFIER and CRISP_KEY`,
      { cause: error },
    );
  }
  if (status === undefined) {
    return new KitError(
      "CRISP_REQUEST_FAILED",
      `cannot reach Crisp at ${host}; check CRISP_REST_HOST and the network`,
      { cause: error },
    );
  }
  return error;
}

async function loadAllWebsites(connect: PluginConnect, registry: WebsiteRegistry, log: Logger): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  const total = await loadWebsites(connect, registry, (loaded, page) => {
    if (Date.now() - lastReport < 1_000) return;
    lastReport = Date.now();
    log.info(`loading subscribed websites: ${loaded} so far (page ${page})`);
  });
  const invalid = registry.ids().filter((id) => registry.get(id)?.settings.ok === false).length;
  log.info(
    `${total} subscribed website(s) loaded in ${Date.now() - started} ms${invalid ? `, ${invalid} with invalid settings` : ""}`,
  );
}

async function startSocket(
  options: RuntimeOptions,
  connect: PluginConnect,
  events: string[],
  dispatch: (event: CrispEvent) => Promise<unknown>,
  log: Logger,
): Promise<RtmConnection> {
  const url = options.rtmHost ?? (await connect.getSocketUrl());
  return connectRtm({
    url,
    identifier: options.identifier,
    key: options.key,
    events,
    log,
    onEvent: (name, data) => {
      const event = parseCrispEvent({ event: name, data });
      if ("error" in event) {
        log.warn(`RTM event dropped: ${event.error}`);
        return;
      }
      dispatch(event).catch((error: unknown) => {
        log.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
    onFatal: (error) => {
      log.error(error.message);
      process.exitCode = 1;
      process.kill(process.pid, "SIGTERM");
    },
  });
}

function listen(
  options: RuntimeOptions,
  dispatch: (event: CrispEvent) => Promise<"accepted" | "ignored">,
  metrics: Metrics,
  registry: WebsiteRegistry,
  log: Logger,
): Promise<Server> {
  const hooks =
    options.mode === "webhooks" && options.hooksSecret
      ? createHooksHandler({
          secret: options.hooksSecret,
          accept: (event) => dispatch(event),
          log,
          maxSkewMs: HOOK_MAX_AGE_MS,
        })
      : undefined;
  const server = createServer((request, response) => {
    route(request.url ?? "/", {
      hooks: hooks
        ? () => {
            hooks(request, response);
          }
        : undefined,
      health: () => {
        sendJson(response, 200, { ok: true, websites: registry.size, mode: options.mode });
      },
      metrics: () => {
        updateWebsiteGauge(metrics, registry);
        void metrics.registry.metrics().then((text) => {
          response.writeHead(200, { "content-type": metrics.registry.contentType });
          response.end(text);
        });
      },
      notFound: () => {
        sendJson(response, 404, { error: "not found" });
      },
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new KitError("CONFIGURATION_INVALID", `cannot listen on port ${options.port}: ${error.code ?? error.message}`, {
          cause: error,
        }),
      );
    });
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      log.debug("HTTP server listening");
      resolve(server);
    });
  });
}

function startReconciling(
  options: RuntimeOptions,
  connect: PluginConnect,
  registry: WebsiteRegistry,
  rebind: () => void,
  log: Logger,
): NodeJS.Timeout {
  let since = new Date();
  const timer = setInterval(
    () => {
      const started = new Date();
      reconcileWebsites(connect, registry, since)
        .then((changes) => {
          since = started;
          if (changes.added > 0) rebind();
          if (changes.added + changes.removed + changes.updated > 0) log.info(`reconciled websites`, { ...changes });
        })
        .catch((error: unknown) => {
          log.warn(`website reconciliation failed: ${error instanceof Error ? error.message : String(error)}`);
        });
    },
    options.reconcileIntervalMs ?? 5 * 60_000,
  );
  timer.unref();
  return timer;
}

function updateWebsiteGauge(metrics: Metrics, registry: WebsiteRegistry): void {
  const invalid = registry.ids().filter((id) => registry.get(id)?.settings.ok === false).length;
  metrics.websites.set({ state: "valid" }, registry.size - invalid);
  metrics.websites.set({ state: "invalid" }, invalid);
}

/** Routes the runtime's few HTTP paths: `POST /hooks`, `GET /healthz`, `GET /metrics`. */
function route(
  url: string,
  handlers: { hooks: (() => void) | undefined; health: () => void; metrics: () => void; notFound: () => void },
): void {
  const path = url.split("?")[0];
  if (path === "/hooks" && handlers.hooks) handlers.hooks();
  else if (path === "/healthz") handlers.health();
  else if (path === "/metrics") handlers.metrics();
  else handlers.notFound();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
