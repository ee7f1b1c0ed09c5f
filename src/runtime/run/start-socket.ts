import { parseCrispEvent, type CrispEvent } from "../../core/engine/crisp-event.js";
import type { KitError } from "../../core/errors/kit-error.js";
import type { Logger } from "../../core/logging/logger.js";
import { isSharing } from "../../core/ports/shared-work.js";
import type { SocketMark } from "../../core/ports/socket-leases.js";
import type { Store } from "../../core/ports/store.js";
import type { PluginConnect } from "../crisp/plugin-connect.js";
import { socketIdentity } from "../fleet/socket-identity.js";
import { startSocketFleet, type SocketPart } from "../fleet/start-socket-fleet.js";
import { createRtmSubscription, type RtmSubscription } from "./create-rtm-subscription.js";
import { conversationOf } from "./event-work.js";
import { retryAccept } from "./retry-accept.js";

/** The plugin's RTM socket, as the runtime keeps it. */
export interface PluginSocket extends RtmSubscription {
  /** This replica's part in the fleet's socket; always the holder's for a process on its own. */
  readonly part: SocketPart;
  /** Closes it; in a fleet, gives its leases up first, so that the stand-by takes over at once. */
  stop(): Promise<void>;
}

/** What the plugin's RTM socket needs. */
export interface SocketOptions {
  readonly identifier: string;
  readonly key: string;
  /** Overrides the socket URL Crisp gives (`CRISP_RTM_HOST`). */
  readonly rtmHost?: string | undefined;
  readonly connect: PluginConnect;
  /** The events the live version needs. */
  readonly events: () => ReadonlySet<string>;
  readonly dispatch: (event: CrispEvent, delivery: "socket", socket?: SocketMark) => Promise<unknown>;
  /** Crisp refused the token after a reconnect: the plugin cannot go on. */
  readonly onFatal: (error: KitError) => void;
  readonly log: Logger;
  readonly store: Store;
  /** This replica's name (`CRISP_PLUGIN_INSTANCE`). */
  readonly instance: string;
  /** Called when this replica's part in the fleet's socket changes (a store replicas share). */
  readonly onPart?: (part: SocketPart) => void;
}

/**
 * Opens the plugin's RTM socket. On a store replicas share (Redis), the fleet keeps one socket
 * whose events go to the store, and one stand-by (see `startSocketFleet`): this replica takes its
 * part in that. Otherwise this process opens its own socket. Each event is accepted with retries:
 * nothing redelivers a socket event, so a store or Crisp hiccup while accepting it is waited out.
 */
export async function startSocket(options: SocketOptions): Promise<PluginSocket> {
  const { log } = options;
  let url = options.rtmHost;
  const open = async (
    events: ReadonlySet<string>,
    onEvent: (name: string, data: unknown) => void,
  ): Promise<RtmSubscription> => {
    url ??= await options.connect.getSocketUrl();
    return createRtmSubscription({
      url,
      identifier: options.identifier,
      key: options.key,
      events,
      log,
      onEvent,
      onFatal: options.onFatal,
    });
  };
  // One conversation's events are accepted one after the other, in the order the socket gave them:
  // an event waiting out a store hiccup must not be overtaken by the next one of its conversation.
  const accepting = new Map<string, Promise<void>>();
  const accept = (name: string, data: unknown, mark?: () => SocketMark | undefined): void => {
    const event = parseCrispEvent({ event: name, data });
    if ("error" in event) {
      log.warn(`RTM event dropped: ${event.error}`);
      return;
    }
    const key = conversationOf(event);
    const attempt = (): Promise<unknown> => {
      const socket = mark?.();
      // No longer the holder: the replica holding the socket now has the event too.
      if (mark !== undefined && socket === undefined) return Promise.resolve();
      return options.dispatch(event, "socket", socket);
    };
    const turn = (accepting.get(key) ?? Promise.resolve())
      .then(() => retryAccept(name, attempt, log))
      .then(
        () => undefined,
        (error: unknown) => {
          log.error(`${name} lost: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    accepting.set(key, turn);
    void turn.finally(() => {
      if (accepting.get(key) === turn) accepting.delete(key);
    });
  };
  if (!isSharing(options.store)) {
    const own = await open(options.events(), (name, data) => {
      accept(name, data);
    });
    return Object.assign(own, {
      part: "holder" as const,
      stop: () => {
        own.close();
        return Promise.resolve();
      },
    });
  }
  return startSocketFleet({
    leases: options.store.sockets,
    instance: options.instance,
    connect: open,
    events: options.events,
    accept: (name, data, holding) => {
      const identity = socketIdentity(name, data);
      accept(name, data, () => {
        const hold = holding();
        return hold === undefined ? undefined : { hold, identity };
      });
    },
    log,
    ...(options.onPart === undefined ? {} : { onPart: options.onPart }),
  });
}

/** By default, a fatal error is logged and the process sent SIGTERM (exit code 1): the usual shutdown runs. */
export function exitOnFatal(log: Logger): (error: KitError) => void {
  return (error) => {
    log.error(error.message);
    process.exitCode = 1;
    process.kill(process.pid, "SIGTERM");
  };
}
