import { randomUUID } from "node:crypto";
import type { Logger } from "../../core/logging/logger.js";
import type { SocketHold, SocketLeases, SocketRole } from "../../core/ports/socket-leases.js";
import type { RtmSubscription } from "../run/create-rtm-subscription.js";
import { SocketBuffer } from "./socket-buffer.js";
import { socketIdentity } from "./socket-identity.js";

/** This replica's part in the fleet's socket: none, the stand-by's, or the holder's. */
export type SocketPart = SocketRole | "none";

/** The fleet's one socket, as one replica takes part in it; the reloader and installs use it as their socket. */
export interface SocketFleet extends RtmSubscription {
  /** What this replica does now. */
  readonly part: SocketPart;
  /** Gives the leases up and closes the socket (shutting down): the stand-by takes over at once. */
  stop(): Promise<void>;
}

/** How the fleet's socket is run; times have defaults. */
export interface SocketFleetOptions {
  readonly leases: SocketLeases;
  /** This replica's name; a random part is added, so that a restart is a new holder. */
  readonly instance: string;
  /** Connects an authenticated socket subscribed to `events`, handing its events to `onEvent`. */
  readonly connect: (
    events: ReadonlySet<string>,
    onEvent: (name: string, data: unknown) => void,
  ) => Promise<RtmSubscription>;
  /** The events the live version needs. */
  readonly events: () => ReadonlySet<string>;
  /**
   * Takes a socket event into the store, under the holder's lease as it is at each attempt
   * (`hold()`: a holder that renewed its lease under a new token after a Redis restart still takes
   * the events it was retrying; `undefined` once it no longer holds the socket).
   */
  readonly accept: (name: string, data: unknown, hold: () => SocketHold | undefined) => void;
  readonly log: Logger;
  /** Called when this replica's part changes. */
  readonly onPart?: (part: SocketPart) => void;
  /** How long a lease lasts without renewal; 6 s. The stand-by takes over within about this long. */
  readonly ttlMs?: number;
  /** How often leases are renewed and the stand-by tries to take over; 1 s. */
  readonly tickMs?: number;
  /** How far back the stand-by keeps events; 30 s (far more than a takeover takes). */
  readonly bufferMs?: number;
}

/** How many log entries the stand-by reads at a time. */
const LOG_PAGE = 1_000;

/**
 * Runs this replica's part in the fleet's socket. A replica with no part tries to become the
 * stand-by; the stand-by opens a socket that only listens, keeping what it hears in a
 * {@link SocketBuffer} that the holder's log of accepted events empties as it goes, and tries to
 * become the holder every tick. Once the holder's lease has expired (it died, or stopped), the
 * stand-by takes it (a new fencing token: the old holder's late accepts are refused by the store),
 * reads the holder's log to its end, hands on the events the old holder never accepted, and from
 * then on hands on what its socket hears; another replica then becomes the stand-by. A holder that
 * cannot renew its lease steps down and closes its socket. Resolves after the first try, so that a
 * socket Crisp refuses fails the start.
 */
export async function startSocketFleet(options: SocketFleetOptions): Promise<SocketFleet> {
  const { leases, log } = options;
  const ttlMs = options.ttlMs ?? 6_000;
  const tickMs = options.tickMs ?? 1_000;
  const owner = `${options.instance}#${randomUUID().slice(0, 8)}`;
  let part: SocketPart = "none";
  let hold: SocketHold | undefined;
  let socket: RtmSubscription | undefined;
  let buffer: SocketBuffer | undefined;
  let cursor = "0-0";
  let stopped = false;

  const setPart = (next: SocketPart): void => {
    if (next === part) return;
    part = next;
    options.onPart?.(next);
  };

  const holding = (): SocketHold | undefined => (part === "holder" ? hold : undefined);
  const onEvent = (name: string, data: unknown): void => {
    if (part === "holder" && hold !== undefined) {
      options.accept(name, data, holding);
      return;
    }
    buffer?.add({ identity: socketIdentity(name, data), name, data });
  };

  const readLog = async (): Promise<void> => {
    for (;;) {
      const page = await leases.readLog(cursor, LOG_PAGE);
      cursor = page.next;
      for (const identity of page.identities) buffer?.acknowledge(identity);
      if (page.identities.length < LOG_PAGE) return;
    }
  };

  const stepDown = async (why: string): Promise<void> => {
    log.warn(`RTM socket: ${why}; closing this replica's socket`);
    socket?.close();
    socket = undefined;
    buffer = undefined;
    const was = hold;
    hold = undefined;
    setPart("none");
    if (was !== undefined) await leases.release(was).catch(() => undefined);
  };

  const standBy = async (): Promise<void> => {
    const taken = await leases.acquire("standby", owner, ttlMs);
    if (taken === undefined) return;
    hold = taken;
    try {
      cursor = await leases.logEnd();
      buffer = new SocketBuffer(options.bufferMs ?? 30_000);
      socket = await options.connect(options.events(), onEvent);
    } catch (error) {
      buffer = undefined;
      hold = undefined;
      await leases.release(taken).catch(() => undefined);
      throw error;
    }
    setPart("standby");
    log.info("RTM socket: this replica stands by (its socket listens, ready to take over)");
  };

  const takeOver = async (taken: SocketHold): Promise<void> => {
    const standing = hold;
    hold = taken;
    if (standing !== undefined) await leases.release(standing).catch(() => undefined);
    // The store refuses what the old holder accepts from now on: its log is complete.
    await readLog();
    const missed = buffer?.drain() ?? [];
    buffer = undefined;
    setPart("holder");
    log.info(
      `RTM socket: this replica holds the fleet's socket now (fence ${taken.fence})${missed.length > 0 ? `; ${missed.length} event(s) the previous holder had not accepted are handled now` : ""}`,
    );
    for (const event of missed) options.accept(event.name, event.data, holding);
  };

  // A lease can lapse without another replica taking it (Redis restarted and let it expire): the
  // stand-by then keeps its socket and what it kept, and the holder its socket, when the lease can
  // be taken again at once.
  const tick = async (): Promise<void> => {
    if (part === "none") await standBy();
    if (part === "standby" && hold !== undefined) {
      let standing = true;
      if (!(await leases.renew(hold, ttlMs))) {
        const again = await leases.acquire("standby", owner, ttlMs);
        if (again === undefined) standing = false;
        else hold = again;
      }
      await readLog();
      // What it kept is worth taking over with even when another replica stands by now.
      const taken = await leases.acquire("holder", owner, ttlMs);
      if (taken !== undefined) return takeOver(taken);
      if (!standing) await stepDown("the stand-by lease was lost (another replica stands by)");
      return;
    }
    if (part === "holder" && hold !== undefined && !(await leases.renew(hold, ttlMs))) {
      const again = await leases.acquire("holder", owner, ttlMs);
      if (again === undefined) return stepDown("the holder lease was lost (another replica holds the socket now)");
      log.warn(`RTM socket: the holder lease had lapsed; taken again (fence ${again.fence})`);
      hold = again;
    }
  };

  let ticking: Promise<void> | undefined;
  const runTick = (): Promise<void> => {
    ticking ??= tick().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };
  await runTick();
  const timer = setInterval(() => {
    if (stopped) return;
    runTick().catch((error: unknown) => {
      log.warn(`RTM socket: ${error instanceof Error ? error.message : String(error)}`);
    });
  }, tickMs);
  timer.unref();

  const stop = async (): Promise<void> => {
    stopped = true;
    clearInterval(timer);
    await ticking?.catch(() => undefined);
    socket?.close();
    socket = undefined;
    const was = hold;
    hold = undefined;
    setPart("none");
    if (was !== undefined) await leases.release(was).catch(() => undefined);
  };
  return {
    get part() {
      return part;
    },
    get events() {
      return socket?.events ?? options.events();
    },
    rebind() {
      socket?.rebind();
    },
    async switchTo(events) {
      await socket?.switchTo(events);
    },
    close() {
      void stop();
    },
    stop,
  };
}
