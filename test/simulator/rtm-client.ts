import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";

/** One message the server sent, with its first argument. */
export interface ReceivedRtm {
  readonly event: string;
  readonly data: unknown;
}

/** A real socket.io-client connected to the simulator's RTM endpoint, recording what it hears. */
export interface RtmClient {
  readonly socket: Socket;
  /** Every message from the server, in order (connection events not included). */
  readonly received: ReceivedRtm[];
  /** The first argument of the next `event` from now; rejects after `timeoutMs`. */
  next(event: string, timeoutMs?: number): Promise<unknown>;
  /** Emits `authentication` (the simulator's credentials unless overridden) and answers the outcome. */
  authenticate(payload?: Record<string, unknown>): Promise<"authenticated" | "unauthorized">;
}

import { WAIT_MS } from "../support/wait-ms.js";
const open = new Set<Socket>();

/**
 * Connects like crisp-api does (`io(origin, { path, transports: ["websocket"] })`). Reconnection is
 * fast so that reconnect tests stay short; `closeRtmClients()` in `afterEach` closes every client.
 */
export function connectRtm(sim: CrispSimulator, options: Partial<ManagerOptions & SocketOptions> = {}): RtmClient {
  const endpoint = new URL(sim.rtmUrl);
  const socket = io(endpoint.origin, {
    path: endpoint.pathname,
    transports: ["websocket"],
    reconnectionDelay: 10,
    reconnectionDelayMax: 20,
    ...options,
  });
  open.add(socket);
  const received: ReceivedRtm[] = [];
  socket.onAny((event: string, data: unknown) => {
    received.push({ event, data });
  });
  const next = (event: string, timeoutMs = WAIT_MS): Promise<unknown> => nextEvent(socket, event, timeoutMs);
  return {
    socket,
    received,
    next,
    authenticate: (payload = {}) => {
      const outcome = authenticationOutcome(socket);
      socket.emit("authentication", { ...credentialsOf(sim), ...payload });
      return outcome;
    },
  };
}

/** Whichever of `authenticated` and `unauthorized` comes first, listeners removed either way. */
function authenticationOutcome(socket: Socket): Promise<"authenticated" | "unauthorized"> {
  return new Promise((resolve, reject) => {
    const settle = (outcome: "authenticated" | "unauthorized"): void => {
      clearTimeout(timer);
      socket.off("authenticated", onAuthenticated);
      socket.off("unauthorized", onUnauthorized);
      resolve(outcome);
    };
    const onAuthenticated = (): void => {
      settle("authenticated");
    };
    const onUnauthorized = (): void => {
      settle("unauthorized");
    };
    const timer = setTimeout(() => {
      socket.off("authenticated", onAuthenticated);
      socket.off("unauthorized", onUnauthorized);
      reject(new Error(`no answer to "authentication" within ${WAIT_MS} ms`));
    }, WAIT_MS);
    socket.once("authenticated", onAuthenticated);
    socket.once("unauthorized", onUnauthorized);
  });
}

/** Closes every client opened by `connectRtm`, so that none keeps reconnecting after a test. */
export function closeRtmClients(): void {
  for (const socket of open) socket.disconnect();
  open.clear();
}

/** The plugin-tier authentication payload crisp-api sends, listening to `message:send`. */
export function credentialsOf(sim: CrispSimulator): Record<string, unknown> {
  return {
    tier: "plugin",
    username: sim.credentials.identifier,
    password: sim.credentials.key,
    events: ["message:send"],
  };
}

function nextEvent(socket: Socket, event: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const listener = (data: unknown): void => {
      clearTimeout(timer);
      resolve(data);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(event, listener);
  });
}
