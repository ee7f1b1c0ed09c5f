import { hostname } from "node:os";
import { createCrispGateway } from "../crisp/crisp-gateway.js";
import { createPluginConnect } from "../crisp/plugin-connect.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { HookOutcome } from "../intake/create-hooks-handler.js";
import { createEventQueue } from "../../core/engine/create-event-queue.js";
import { KitError } from "../../core/errors/kit-error.js";
import { createMetrics } from "../observability/create-metrics.js";
import { WebsiteRegistry } from "../websites/website-registry.js";
import type { Watching } from "../reload/watch-files.js";
import { startHttpServer } from "./start-http-server.js";
import { describeHealth, type ReplicaStatus } from "./describe-health.js";
import type { Runtime } from "./runtime.js";
import { createSettingsPage } from "../settings-page/create-settings-page.js";
import { createWidgetIntake } from "./create-widget-intake.js";
import { createDispatcher } from "./create-dispatcher.js";
import { createReloader } from "./create-reloader.js";
import { buildVersion, loopGuards, type VersionBase } from "./plugin-version.js";
import { createQuotaBudget } from "../../core/crisp/quota-budget.js";
import { describeStartupError } from "./describe-startup-error.js";
import { logRetry } from "./log-retry.js";
import { loadAllWebsites } from "./load-all-websites.js";
import { startReconciling } from "./start-reconciling.js";
import { loadValidManifest } from "./load-valid-manifest.js";
import { runWorkItem } from "./run-work-item.js";
import type { Delivery } from "./event-work.js";
import { startWork, type RunningWork } from "./start-work.js";
import { exitOnFatal, startSocket, type PluginSocket } from "./start-socket.js";
import { applyLifecycle, LIFECYCLE_EVENTS } from "./apply-lifecycle.js";
import { isSharing } from "../../core/ports/shared-work.js";
import type { SocketMark } from "../../core/ports/socket-leases.js";
import { shareLifecycle, type LifecycleSharing } from "../fleet/share-lifecycle.js";
import { countLeaseRenewals, countSocketParts } from "../fleet/count-fleet-metrics.js";
import { watchManifest } from "./watch-manifest.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { HookRunner } from "../../core/engine/hook-runner.js";
import type { RuntimeInternals, RuntimeOptions } from "./runtime-options.js";

export type { RuntimeInternals, RuntimeOptions } from "./runtime-options.js";

/**
 * Starts a plugin: loads and validates the manifest, finds the plugin id, loads every subscribed
 * website and validates its settings, then takes events over the RTM socket or Web Hooks.
 * Rejects with a `KitError` whose message is one line a person can act on. The handle has what an
 * embedder needs (health, reload, stop); `options.onEvent` follows the events.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const runtime = await startRuntimeInternals(options);
  return {
    port: runtime.port,
    pluginId: runtime.pluginId,
    health: () => runtime.health(),
    reload: () => runtime.reload(),
    idle: () => runtime.idle(),
    close: (deadlineMs) => runtime.close(deadlineMs),
  };
}

/** {@link startRuntime}, answering the internals too: for `dev` and this kit's tests; no package entry exports it. */
export async function startRuntimeInternals(options: RuntimeOptions): Promise<RuntimeInternals> {
  const { log } = options;
  const loaded = await loadValidManifest(options);
  const { manifest } = loaded;
  const metrics = createMetrics();
  const now = options.now ?? (() => new Date());
  // Every Crisp call goes through it, from the first (the plugin id) to settings saves.
  const gateway = createCrispGateway({
    identifier: options.identifier,
    key: options.key,
    ...(options.restHost ? { restHost: options.restHost } : {}),
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
    retry: { ...options.retry, onRetry: logRetry(log) },
    histogram: metrics.restDuration,
    now: () => now().getTime(),
    ...(options.quotaResetMinutes === undefined ? {} : { quotaResetMinutes: options.quotaResetMinutes }),
    log,
  });
  const connect = createPluginConnect(gateway);
  const pluginId = await connect.getPluginId().catch((error: unknown) => {
    throw describeStartupError(error, options.restHost ?? "https://api.crisp.chat");
  });
  log.info(`plugin ${manifest.plugin.name} (${manifest.plugin.urn}), plugin id ${pluginId}`);
  const ownsStore = typeof options.store !== "object";
  const store =
    options.store === undefined
      ? createMemoryStore()
      : typeof options.store === "function"
        ? await options.store()
        : options.store;
  const budget = createQuotaBudget({
    store,
    ...(options.dailyQuota === undefined ? {} : { daily: options.dailyQuota }),
    now: () => now().getTime(),
    log,
    ...(options.quotaResetMinutes === undefined ? {} : { resetMinutes: options.quotaResetMinutes }),
    // Two store writes per request would cost more than the request's own bookkeeping.
    batchMs: 1_000,
  });
  gateway.useBudget(budget);
  const base: VersionBase = {
    gateway,
    log,
    now,
    fetch: options.fetch ?? fetch,
    dryRun: options.dryRun === true,
    budget,
    ...loopGuards(() => now().getTime(), log),
    ...(options.hookWorkers === false ? {} : { hookWorkers: options.hookWorkers ?? {} }),
  };
  let version = buildVersion(1, loaded, base);
  // Every version's hook workers, stopped at close (an older version's idle ones stop by themselves).
  const hookRunners = new Set<HookRunner>();
  if (version.engine.hooks) hookRunners.add(version.engine.hooks);
  const registry = new WebsiteRegistry(version.validateSettings, log);
  // A start that fails once the store is open closes it: its connection would keep the process alive.
  const opened: { running?: RunningWork; lifecycle?: LifecycleSharing | undefined } = {};
  const abandon = async (error: unknown): Promise<never> => {
    opened.running?.poller.stop();
    opened.running?.runner.stop();
    await opened.lifecycle?.stop().catch(() => undefined);
    // The Crisp calls made so far are counted before the store closes (the last one failed, say).
    await budget.flush();
    if (ownsStore) await store.close().catch(() => undefined);
    await gateway.close().catch(() => undefined);
    throw error;
  };
  await loadAllWebsites(connect, registry, log).catch(abandon);
  const concurrency = options.concurrency ?? 32;
  const queue = createEventQueue({ concurrency });
  const instance = options.instance ?? hostname();
  const running = startWork({
    store,
    queue,
    instance,
    now: () => base.now().getTime(),
    run: (item, how) =>
      runWorkItem(item, { store, registry, version: () => version, log, metrics, maxStarts: options.maxStarts }, how),
    concurrency,
    pollIntervalMs: options.workPollIntervalMs ?? 1_000,
    ...(options.workLeaseMs === undefined ? {} : { leaseMs: options.workLeaseMs }),
    log,
    events: countLeaseRenewals(metrics),
  });
  opened.running = running;
  const { lease, poller: work } = running;
  const resumed = await work.resume().catch(abandon);
  if (resumed > 0) log.info(`resuming ${resumed} event(s) and step(s) left unfinished by the last run`);
  let rtm: PluginSocket | undefined;
  let closing = false;
  const dispatchNow = createDispatcher({
    store,
    lease,
    accept: running.accept,
    version: () => version,
    registry,
    queue,
    connect,
    pluginId,
    log,
    metrics,
    onInstalled: () => rtm?.rebind(),
  });
  // Replicas sharing a store tell each other about installs and settings saves.
  const lifecycle = isSharing(store)
    ? await shareLifecycle({
        leases: store.sockets,
        apply: (event) => applyLifecycle(event, { registry, connect, pluginId, log, onInstalled: () => rtm?.rebind() }),
        log,
      }).catch(abandon)
    : undefined;
  opened.lifecycle = lifecycle;
  // Once shutting down, nothing new is accepted: a Web Hook then gets 503 and Crisp retries it later.
  const dispatch = (event: CrispEvent, delivery?: Delivery, socket?: SocketMark): Promise<HookOutcome> =>
    closing
      ? Promise.reject(new KitError("SHUTTING_DOWN", "shutting down", { kind: "retryable" }))
      : dispatchNow(event, delivery, socket).then((outcome) => {
          if (LIFECYCLE_EVENTS.has(event.name)) lifecycle?.publish(event);
          options.onEvent?.(event, outcome);
          return outcome;
        });
  const reloader = createReloader({
    manifest: options.manifest,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    base,
    current: () => version,
    apply: (next) => {
      const hooksMoved = next.manifest.hooks !== version.manifest.hooks;
      version = next;
      if (next.engine.hooks) hookRunners.add(next.engine.hooks);
      // A reload that adds or moves hooks: changes to the new hooks module must reload too.
      if (hooksMoved && watching !== undefined) void retarget();
    },
    registry,
    rtm: () => rtm,
    log,
    metrics,
  });
  /** This replica's part in the socket and the work it holds: /healthz and `health()` say the same. */
  const replica = (): ReplicaStatus => ({
    ...(rtm === undefined ? {} : { socket: rtm.part }),
    work: { held: running.runner.held, queued: queue.size },
  });
  const server = await startHttpServer({
    port: options.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    mode: options.mode,
    ...(options.mode === "webhooks" && options.hooksSecret ? { hooksSecret: options.hooksSecret } : {}),
    dispatch,
    metrics,
    registry,
    reloader,
    store: store.kind,
    replica,
    quotaPausedUntil: () => gateway.quotaPausedUntil(),
    log,
    widget: createWidgetIntake({ options, registry, version: () => version, dispatch, closing: () => closing, log }),
    settingsPage: createSettingsPage({
      registry,
      version: () => version,
      // A dry run calls no Crisp route: the settings are applied to this process only.
      save: options.dryRun
        ? (websiteId) => {
            log.info(`dry run: settings of website ${websiteId} not sent to Crisp`);
            return Promise.resolve();
          }
        : (websiteId, settings) => connect.saveSettings(websiteId, pluginId, settings),
      log,
      now: base.now,
    }),
  }).catch(abandon);
  if (options.mode === "websockets") {
    try {
      rtm = await startSocket({
        identifier: options.identifier,
        key: options.key,
        rtmHost: options.rtmHost,
        connect,
        events: () => version.events,
        dispatch,
        onFatal: options.onFatal ?? exitOnFatal(log),
        log,
        store,
        instance,
        onPart: countSocketParts(metrics),
      });
    } catch (error) {
      // Nothing may keep the process alive after a failed start: the caller exits with one line.
      server.close();
      server.closeAllConnections();
      await abandon(error);
    }
  }
  const reconcile = startReconciling(options, connect, registry, () => rtm?.rebind(), log);
  let watching: Watching | undefined = options.watch === false ? undefined : watchManifest(options, version, reloader);
  await watching?.ready;
  const retarget = async (): Promise<void> => {
    await watching?.stop();
    watching = watchManifest(options, version, reloader);
    await watching.ready;
  };
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  log.info(`listening on port ${port} (${options.mode}${options.dryRun ? ", dry run: nothing is sent" : ""})`);
  return {
    port,
    pluginId,
    registry,
    metrics,
    dispatch,
    version: () => version,
    reloader,
    store,
    work,
    health: () =>
      describeHealth({
        registry,
        mode: options.mode,
        store: store.kind,
        reloader,
        quotaPausedUntil: () => gateway.quotaPausedUntil(),
        replica,
      }),
    reload: () => reloader.reload(),
    idle: () => queue.idle(),
    async close(deadlineMs = 10_000) {
      closing = true;
      work.stop();
      running.runner.drain();
      clearInterval(reconcile);
      await watching?.stop();
      watching = undefined;
      // The stand-by takes the socket over now, not when this replica's lease expires.
      await rtm?.stop();
      const finished = await Promise.race([
        queue.idle().then(() => true),
        new Promise<boolean>((resolve) =>
          setTimeout(() => {
            resolve(false);
          }, deadlineMs).unref(),
        ),
      ]);
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      for (const runner of hookRunners) await runner.close?.();
      await budget.flush();
      await lifecycle?.stop();
      // What this replica held goes to the others now, not when its leases expire.
      running.runner.stop();
      await running.runner.releaseAll().catch((error: unknown) => {
        log.warn(
          `store: could not hand the work held here over: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      // Work left unfinished stays in the store for the next start.
      if (ownsStore) await store.close();
      // The connections kept open to Crisp; past the deadline, requests in flight finish unwaited.
      const closingGateway = gateway.close().catch(() => undefined);
      if (finished) await closingGateway;
      return finished;
    },
  };
}
