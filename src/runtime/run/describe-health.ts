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
}

/** Builds a {@link RuntimeHealth} from the runtime's parts, read now. */
export function describeHealth(parts: {
  readonly registry: { readonly size: number };
  readonly mode: "websockets" | "webhooks";
  readonly store?: StoreKind;
  readonly reloader: { status(): ReloadStatus };
  /** When Crisp calls wait for the daily quota to reset (ms since the epoch). */
  readonly quotaPausedUntil?: () => number | undefined;
}): RuntimeHealth {
  const pausedUntil = parts.quotaPausedUntil?.();
  return {
    ok: true,
    websites: parts.registry.size,
    mode: parts.mode,
    ...(parts.store === undefined ? {} : { store: parts.store }),
    reloads: parts.reloader.status(),
    quota: pausedUntil === undefined ? { paused: false } : { paused: true, until: new Date(pausedUntil).toISOString() },
  };
}
