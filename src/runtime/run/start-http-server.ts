import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { HookOutcome } from "../intake/create-hooks-handler.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import { KitError } from "../../core/errors/kit-error.js";
import { createHooksHandler } from "../intake/create-hooks-handler.js";
import type { Metrics } from "../observability/create-metrics.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import type { StoreKind } from "../../core/ports/store.js";
import type { Reloader } from "./create-reloader.js";
import { describeHealth, type ReplicaStatus } from "./describe-health.js";

/**
 * Signed Web Hooks older than this are refused as replays (403). Generous, because Crisp's retry
 * schedule, and whether a retry keeps the first attempt's timestamp, are not documented.
 */
export const HOOK_MAX_AGE_MS = 60 * 60_000;

/**
 * The runtime's HTTP server: `POST /hooks` (Web Hooks mode), `GET /healthz`, `GET /metrics`, and the
 * settings page on `/settings` when one is given.
 */
export function startHttpServer(options: {
  port: number;
  host?: string;
  mode: "websockets" | "webhooks";
  hooksSecret?: string;
  dispatch: (event: CrispEvent, delivery: "hook") => Promise<HookOutcome>;
  metrics: Metrics;
  registry: WebsiteRegistry;
  reloader: Reloader;
  /** When Crisp calls wait for the daily quota to reset (ms since the epoch); shown by /healthz and /metrics. */
  quotaPausedUntil?: () => number | undefined;
  /** The store's backend, shown by /healthz. */
  store?: StoreKind;
  /** This replica's part in the fleet's socket and the work it holds, shown by /healthz. */
  replica?: () => ReplicaStatus;
  log: Logger;
  /** Serves `POST /widget`, the widget's Action URL (see `createWidgetHandler`). */
  widget?: (request: IncomingMessage, response: ServerResponse) => void;
  /** Serves `GET`/`POST /settings` (see `createSettingsPage`). */
  settingsPage?: (request: IncomingMessage, response: ServerResponse) => void;
}): Promise<Server> {
  const { metrics, registry, log } = options;
  const hooks =
    options.hooksSecret === undefined
      ? undefined
      : createHooksHandler({
          secret: options.hooksSecret,
          accept: (event) => options.dispatch(event, "hook"),
          log,
          maxSkewMs: HOOK_MAX_AGE_MS,
        });
  const { settingsPage, widget } = options;
  const server = createServer((request, response) => {
    route(request.url ?? "/", {
      hooks: hooks
        ? () => {
            hooks(request, response);
          }
        : undefined,
      widget: widget
        ? () => {
            widget(request, response);
          }
        : undefined,
      settings: settingsPage
        ? () => {
            settingsPage(request, response);
          }
        : undefined,
      health: () => {
        sendJson(response, 200, describeHealth(options));
      },
      metrics: () => {
        updateWebsiteGauge(metrics, registry);
        metrics.quotaPausedUntil.set(Math.floor((options.quotaPausedUntil?.() ?? 0) / 1000));
        const replica = options.replica?.();
        if (replica !== undefined) metrics.workHeld.set(replica.work.held);
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
      updateWebsiteGauge(metrics, registry);
      resolve(server);
    });
  });
}

/** Routes the runtime's few HTTP paths: `POST /hooks`, `/settings`, `GET /healthz`, `GET /metrics`. */
function route(
  url: string,
  handlers: {
    hooks: (() => void) | undefined;
    widget: (() => void) | undefined;
    settings: (() => void) | undefined;
    health: () => void;
    metrics: () => void;
    notFound: () => void;
  },
): void {
  const path = url.split("?")[0];
  if (path === "/hooks" && handlers.hooks) handlers.hooks();
  else if (path === "/widget" && handlers.widget) handlers.widget();
  else if (path === "/settings" && handlers.settings) handlers.settings();
  else if (path === "/healthz") handlers.health();
  else if (path === "/metrics") handlers.metrics();
  else handlers.notFound();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export function updateWebsiteGauge(metrics: Metrics, registry: WebsiteRegistry): void {
  const invalid = registry.ids().filter((id) => registry.get(id)?.settings.ok === false).length;
  metrics.websites.set({ state: "valid" }, registry.size - invalid);
  metrics.websites.set({ state: "invalid" }, invalid);
}
