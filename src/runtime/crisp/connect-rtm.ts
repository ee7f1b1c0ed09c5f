import { io, type Socket } from "socket.io-client";
import { KitError } from "../../core/errors/kit-error.js";
import type { Logger } from "../../core/logging/logger.js";

/** An authenticated RTM socket. */
export interface RtmConnection {
  /**
   * Asks Crisp to bind the socket to the websites installed now (after an install). Calls are
   * coalesced and spaced by at least the minimum interval.
   */
  rebind(): void;
  close(): void;
}

/** Options of {@link connectRtm}. */
export interface RtmOptions {
  /** The socket URL from `plugin/connect/endpoints` (or `CRISP_RTM_HOST`); its path is socket.io's. */
  readonly url: string;
  readonly identifier: string;
  readonly key: string;
  /** The event names to receive; Crisp sends nothing else. */
  readonly events: readonly string[];
  readonly onEvent: (name: string, data: unknown) => void;
  /** Called when Crisp refuses the credentials after a reconnect: the plugin cannot go on. */
  readonly onFatal: (error: KitError) => void;
  readonly log: Logger;
  /** Crisp (and crisp-api) refuse re-binds closer than this; default 2,500 ms. */
  readonly minRebindIntervalMs?: number;
  /** How long the first connection and authentication may take; default 10,000 ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects to Crisp's RTM socket and authenticates with the plugin token, re-authenticating after
 * every reconnect. The socket is owned here (with socket.io-client, as crisp-api does) rather
 * than through crisp-api's `on()`, which cannot change its events once bound and throws an
 * uncaught error on `unauthorized`. Resolves once authenticated; rejects with `CRISP_UNAUTHORIZED`
 * or `CRISP_REQUEST_FAILED` when the first attempt fails.
 */
export function connectRtm(options: RtmOptions): Promise<RtmConnection> {
  const url = new URL(options.url);
  const socket = io(url.origin, {
    path: url.pathname === "" ? "/" : url.pathname,
    transports: ["websocket"],
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
    timeout: options.connectTimeoutMs ?? 10_000,
  });
  for (const name of options.events)
    socket.on(name, (data: unknown) => {
      options.onEvent(name, data);
    });
  const rebind = createRebinder(socket, options.minRebindIntervalMs ?? 2_500);
  return new Promise((resolve, reject) => {
    let authenticated = false;
    const timer = setTimeout(() => {
      socket.close();
      reject(
        new KitError("CRISP_REQUEST_FAILED", `could not connect to the Crisp RTM socket at ${url.origin}`, {
          kind: "retryable",
        }),
      );
    }, options.connectTimeoutMs ?? 10_000);
    socket.on("connect", () => {
      socket.emit("authentication", {
        tier: "plugin",
        username: options.identifier,
        password: options.key,
        events: options.events,
      });
    });
    socket.on("authenticated", () => {
      if (authenticated) {
        options.log.info("RTM socket reconnected and re-authenticated");
        return;
      }
      authenticated = true;
      clearTimeout(timer);
      resolve({
        rebind: rebind.request,
        close: () => {
          rebind.cancel();
          socket.close();
        },
      });
    });
    socket.on("unauthorized", () => {
      const error = new KitError(
        "CRISP_UNAUTHORIZED",
        "Crisp refused the plugin token on the RTM socket (unauthorized); check CRISP_IDENTIFIER and CRISP_KEY",
      );
      rebind.cancel();
      socket.close();
      clearTimeout(timer);
      if (authenticated) options.onFatal(error);
      else reject(error);
    });
    socket.on("disconnect", (reason) => {
      // "io client disconnect" is our own close(); every other reason is followed by a reconnect.
      if (authenticated && reason !== "io client disconnect")
        options.log.warn(`RTM socket disconnected (${reason}); reconnecting`);
    });
  });
}

function createRebinder(socket: Socket, minIntervalMs: number): { request: () => void; cancel: () => void } {
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const bind = (): void => {
    timer = undefined;
    last = Date.now();
    socket.emit("socket:bind", {});
  };
  return {
    request: () => {
      if (timer !== undefined) return;
      const wait = last + minIntervalMs - Date.now();
      if (wait <= 0) bind();
      else timer = setTimeout(bind, wait);
    },
    cancel: () => {
      clearTimeout(timer);
    },
  };
}
