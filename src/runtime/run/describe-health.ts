import type { StoreKind } from "../../core/ports/store.js";
import type { ReloadStatus } from "./create-reloader.js";

/** How a running plugin is doing: what `GET /healthz` answers, and `Runtime.health()`. */
export interface RuntimeHealth {
  /** Always true: a runtime that answers is up. */
  readonly ok: true;
  /** The websites that installed the plugin. */
  readonly websites: number;
  /** How events arrive: the RTM socket, or Web Hooks on `POST /hooks`. */
  readonly mode: "websockets" | "webhooks";
  /** The store's backend. */
  readonly store?: StoreKind;
  /** How many reloads ran, and the outcome of the last one. */
  readonly reloads: ReloadStatus;
  /** Whether Crisp calls wait for the daily quota to reset, and until when (ISO 8601). */
  readonly quota: { readonly paused: boolean; readonly until?: string };
  /** Over WebSockets, this process's part in the RTM socket (see {@link ReplicaStatus}). */
  readonly socket?: ReplicaStatus["socket"];
  /** The work this process holds (see {@link ReplicaStatus}). */
  readonly work?: ReplicaStatus["work"];
}

/** What /healthz says of this replica: its part in the fleet's socket (WebSockets), and the work it holds. */
export interface ReplicaStatus {
  /** `holder`: its socket's events are the fleet's; `standby`: it listens, ready to take over; `none`. */
  readonly socket?: "holder" | "standby" | "none";
  /** Conversations (on Redis; items otherwise) held, and turns queued or running here. */
  readonly work: { readonly held: number; readonly queued: number };
}

/** Builds a {@link RuntimeHealth} from the runtime's parts, read now. */
export function describeHealth(parts: {
  readonly registry: { readonly size: number };
  readonly mode: "websockets" | "webhooks";
  readonly store?: StoreKind;
  readonly reloader: { status(): ReloadStatus };
  /** When Crisp calls wait for the daily quota to reset (ms since the epoch). */
  readonly quotaPausedUntil?: () => number | undefined;
  /** This replica's part in the socket and the work it holds. */
  readonly replica?: () => ReplicaStatus;
}): RuntimeHealth {
  const pausedUntil = parts.quotaPausedUntil?.();
  return {
    ok: true,
    websites: parts.registry.size,
    mode: parts.mode,
    ...(parts.store === undefined ? {} : { store: parts.store }),
    reloads: parts.reloader.status(),
    quota: pausedUntil === undefined ? { paused: false } : { paused: true, until: new Date(pausedUntil).toISOString() },
    ...parts.replica?.(),
  };
}
