import type { Server as HttpServer } from "node:http";
import type { Server as SocketIoServer, Socket } from "socket.io";
import type { PluginCredentials } from "./is-authorized.js";
import type { JsonObject } from "./json-object.js";
import { isLifecycleEvent } from "./lifecycle-event.js";
import { isStringList, parseRtmAuthentication, type RtmAuthentication } from "./parse-rtm-authentication.js";
import type { SimulatorState } from "./simulator-state.js";
import { SnapshotWaiters } from "./snapshot-waiters.js";

/** One connected RTM socket, as `rtmSockets()` shows it. */
export interface RtmSocketSnapshot {
  /** socket.io's id; a reconnected client gets a new one. */
  readonly id: string;
  readonly authenticated: boolean;
  /** The websites it is bound to, fixed at authentication and at each `socket:bind`. */
  readonly websites: string[];
  /** The events it listens to, from `authentication` or the last `socket:bind { events }`. */
  readonly events: string[];
  /** The `rooms` filter it authenticated with; `null` when it gave none. */
  readonly rooms: string[] | null;
}

/** What the hub needs; `startCrispSimulator` builds it. */
export interface RtmHubOptions {
  /** The simulator's HTTP server: socket.io shares its port. */
  readonly server: HttpServer;
  /** The socket.io path, `/rtm/`. */
  readonly path: string;
  readonly credentials: PluginCredentials;
  /** Where to read which websites have the plugin installed when a socket binds. */
  readonly state: SimulatorState;
  /** socket.io's server class, which `startCrispSimulator` loads (see `loadSocketIo`). */
  readonly socketIo: typeof SocketIoServer;
}

/** A socket's state; mutable, unlike the snapshots handed out. */
interface RtmSession {
  authenticated: boolean;
  websites: Set<string>;
  events: Set<string>;
  rooms: ReadonlySet<string> | null;
}

/**
 * The RTM half of the simulator: a socket.io endpoint that behaves like Crisp's (crisp-platform.md
 * §3.3). A socket hears nothing until it sends `authentication`; good plugin credentials get
 * `authenticated` (`true`) and bind it to the websites installed at that moment, anything else gets
 * `unauthorized` and a disconnect. `socket:bind` rebinds to the websites installed now.
 */
export class RtmHub {
  readonly #io: SocketIoServer;
  readonly #options: RtmHubOptions;
  readonly #sessions = new Map<Socket, RtmSession>();
  readonly #waiters = new SnapshotWaiters(() => this.sockets(), "RTM socket");
  #rejecting = false;

  constructor(options: RtmHubOptions) {
    this.#options = options;
    // Crisp's RTM is websocket only (crisp-api connects with `transports: ["websocket"]`).
    this.#io = new options.socketIo(options.server, {
      path: options.path,
      transports: ["websocket"],
      serveClient: false,
    });
    this.#io.on("connection", (socket) => {
      this.#accept(socket);
    });
  }

  /**
   * Sends `event` to every authenticated socket listening to it and bound to `websiteId`; answers how
   * many got it. Assumption, since crisp-platform.md marks it unconfirmed: the lifecycle events
   * (`plugin:subscription:updated`, `plugin:settings:saved`) reach every authenticated socket that
   * listens to them whatever its binding (still narrowed by its `rooms`), because a website that
   * installs the plugin is not in any socket's bound set yet, and without this a plugin could never
   * learn that it should `socket:bind`.
   */
  emit(websiteId: string, event: string, data: JsonObject): number {
    const anyBinding = isLifecycleEvent(event);
    let count = 0;
    for (const [socket, session] of this.#sessions) {
      if (!receives(session, websiteId, event, anyBinding)) continue;
      socket.emit(event, data);
      count += 1;
    }
    return count;
  }

  /** Copies of the connected sockets' state, in connection order. */
  sockets(): RtmSocketSnapshot[] {
    return [...this.#sessions].map(([socket, session]) => snapshot(socket, session));
  }

  /** The first connected socket matching `predicate`, now or after a change; rejects after `timeoutMs`. */
  waitForSocket(predicate: (socket: RtmSocketSnapshot) => boolean, timeoutMs: number): Promise<RtmSocketSnapshot> {
    return this.#waiters.wait(predicate, timeoutMs);
  }

  /**
   * Cuts every socket's transport, as a network failure or a relay restart would: clients see
   * `transport close` and reconnect on their own (a server-side `disconnect` would stop them from
   * reconnecting). Answers how many sockets were dropped.
   */
  drop(): number {
    const sockets = [...this.#sessions.keys()];
    for (const socket of sockets) socket.conn.close();
    return sockets.length;
  }

  /** While true, every authentication is refused, good credentials included (a revoked token). */
  rejectAuthentication(reject: boolean): void {
    this.#rejecting = reject;
  }

  /** Disconnects every socket, then closes the HTTP server it shares (socket.io closes it). */
  close(): Promise<void> {
    this.#waiters.close("the Crisp simulator was closed while waiting for an RTM socket");
    return this.#io.close();
  }

  #accept(socket: Socket): void {
    const session: RtmSession = { authenticated: false, websites: new Set(), events: new Set(), rooms: null };
    this.#sessions.set(socket, session);
    socket.on("authentication", (payload: unknown) => {
      this.#authenticate(socket, session, payload);
    });
    socket.on("socket:bind", (payload: unknown) => {
      this.#rebind(session, payload);
    });
    socket.on("disconnect", () => {
      this.#sessions.delete(socket);
      this.#waiters.check();
    });
    this.#waiters.check();
  }

  /** A second `authentication` on the same socket (re-auth) replaces the first one entirely. */
  #authenticate(socket: Socket, session: RtmSession, payload: unknown): void {
    const authentication = parseRtmAuthentication(payload);
    if (this.#rejecting || authentication === undefined || !this.#accepts(authentication)) {
      session.authenticated = false;
      socket.emit("unauthorized");
      socket.disconnect(true);
      return;
    }
    session.authenticated = true;
    session.events = new Set(authentication.events);
    session.rooms = authentication.rooms === undefined ? null : new Set(authentication.rooms);
    this.#bindWebsites(session);
    // Bound before answering: a client that saw `authenticated` may expect events straight away.
    socket.emit("authenticated", true);
    this.#waiters.check();
  }

  /**
   * `socket:bind` with no payload or `{}` rebinds to the websites installed now; `{ events: [...] }`
   * also replaces the event list (go-crisp-api sends it; the server contract is unconfirmed). Before
   * authentication, or with another payload, it is ignored: the channel stays silent, as Crisp's does.
   */
  #rebind(session: RtmSession, payload: unknown): void {
    if (!session.authenticated) return;
    const events = bindEvents(payload);
    if (events === "invalid") return;
    if (events !== undefined) session.events = new Set(events);
    this.#bindWebsites(session);
    this.#waiters.check();
  }

  #accepts(authentication: RtmAuthentication): boolean {
    const { identifier, key } = this.#options.credentials;
    return (
      authentication.tier === "plugin" && authentication.username === identifier && authentication.password === key
    );
  }

  #bindWebsites(session: RtmSession): void {
    const installed = this.#options.state.websites().filter((website) => website.subscribed);
    const ids = installed.map((website) => website.website_id);
    session.websites = new Set(ids.filter((id) => session.rooms === null || session.rooms.has(id)));
  }
}

function receives(session: RtmSession, websiteId: string, event: string, anyBinding: boolean): boolean {
  if (!session.authenticated || !session.events.has(event)) return false;
  if (!anyBinding) return session.websites.has(websiteId);
  return session.rooms === null || session.rooms.has(websiteId);
}

/** The events a `socket:bind` payload sets; `undefined` to keep them, `"invalid"` to ignore it. */
function bindEvents(payload: unknown): string[] | undefined | "invalid" {
  if (payload === undefined || payload === null) return undefined;
  if (typeof payload !== "object" || Array.isArray(payload)) return "invalid";
  if (!("events" in payload)) return undefined;
  return isStringList(payload.events) ? payload.events : "invalid";
}

function snapshot(socket: Socket, session: RtmSession): RtmSocketSnapshot {
  return {
    id: socket.id,
    authenticated: session.authenticated,
    websites: [...session.websites],
    events: [...session.events],
    rooms: session.rooms === null ? null : [...session.rooms],
  };
}
