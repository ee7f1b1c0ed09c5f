import type { RuntimeHealth } from "./describe-health.js";

/**
 * A running plugin, as `startRuntime` hands it to the program that embeds it: its port, its
 * health, a reload, and a graceful stop. The events it takes are followed with the `onEvent`
 * option. What runs inside (the store, the website registry, the rule versions) stays inside.
 */
export interface Runtime {
  /** The HTTP port actually listened on (`port: 0` picks a free one). */
  readonly port: number;
  /** The plugin's id at Crisp, found at start from the token. */
  readonly pluginId: string;
  /** What `GET /healthz` answers, read now. */
  health(): RuntimeHealth;
  /**
   * Reloads the manifest and hooks now, as a change to their files does: a valid manifest is
   * `applied`; one with errors is `rejected` and the live version stays; `failed` when the new
   * version could not be built or put live (its hooks did not load, say). Reloads never overlap.
   */
  reload(): Promise<"applied" | "rejected" | "failed">;
  /** Resolves when every event and piece of work queued so far has been handled. */
  idle(): Promise<void>;
  /**
   * Stops taking events, lets the steps in flight finish within `deadlineMs` (default 10 s), then
   * closes. Resolves true when everything in flight finished; what did not stays in the store for
   * the next start.
   */
  close(deadlineMs?: number): Promise<boolean>;
}
