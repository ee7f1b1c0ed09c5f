import type { RetryOptions } from "../crisp/crisp-gateway.js";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { HookOutcome } from "../intake/create-hooks-handler.js";
import type { KitError } from "../../core/errors/kit-error.js";
import type { Metrics } from "../observability/create-metrics.js";
import type { Logger } from "../../core/logging/logger.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";
import type { Runtime } from "./runtime.js";
import type { WidgetIntakeOptions } from "./create-widget-intake.js";
import type { Reloader } from "./create-reloader.js";
import type { PluginVersion } from "./plugin-version.js";
import type { RunEnvironment } from "./read-environment.js";
import type { Problem } from "../../core/manifest/problem.js";
import type { Delivery } from "./event-work.js";
import type { WorkPoller } from "./start-work-poller.js";
import type { Store } from "../../core/ports/store.js";
import type { HookWorkerOptions } from "../../core/hooks/create-hook-worker-pool.js";

/**
 * How to run a plugin: the environment contract `crisp-plugin run` reads (without the log level,
 * which shapes `log`), plus what an embedder or test chooses.
 */
export interface RuntimeOptions extends Omit<RunEnvironment, "logLevel">, WidgetIntakeOptions {
  readonly manifest: string;
  readonly cwd?: string;
  readonly host?: string;
  /** Render and log what the rules would do, without calling Crisp or outside hosts. */
  readonly dryRun?: boolean;
  readonly log: Logger;
  /**
   * How the manifest's problems at start are shown; by default each is logged as a warning. The
   * CLI validates first and prints them as `validate` does, then passes a function that ignores them.
   */
  readonly reportProblems?: (problems: readonly Problem[]) => void;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
  /** Conversations handled at once (events of one conversation are always one at a time). */
  readonly concurrency?: number;
  /** How often missed installs, uninstalls and settings changes are repaired; default 5 minutes. */
  readonly reconcileIntervalMs?: number;
  /** Reload the manifest and hooks when their files change (default true). */
  readonly watch?: boolean;
  /**
   * Called when the plugin cannot go on (Crisp refuses the token on a reconnect). By default the
   * error is logged and the process is sent SIGTERM with exit code 1, so the usual graceful
   * shutdown runs; embedders and tests pass their own.
   */
  readonly onFatal?: (error: KitError) => void;
  /**
   * Where accepted events, delays, guards and dead letters are kept (see `openStore`). Default: in
   * memory, so nothing survives a restart; `crisp-plugin run` opens SQLite or Redis. A store passed
   * in belongs to the caller, who closes it; a function is called once the manifest is valid and
   * Crisp answered (so a failed start creates no store file), and the runtime closes what it opens.
   */
  readonly store?: Store | (() => Promise<Store>);
  /** This process as the owner of the work it takes; stable across restarts. Default: the host name. */
  readonly instance?: string;
  /** How often stored work that is due (ended delays, replays) is taken; default 1 second. */
  readonly workPollIntervalMs?: number;
  /** Retry policy overrides for Crisp calls (tests pass a `sleep` that does not wait). */
  readonly retry?: RetryOptions;
  /** How hook worker threads are sized (default: 8 workers of 128 MB); `false` runs hooks in this thread. */
  readonly hookWorkers?: HookWorkerOptions | false;
  /**
   * Called after each event an intake handed over was taken (stored and queued, or ignored), with
   * what became of it: how an embedder follows the events; `dev` shows those the plugin's own
   * writes cause, and knows when a message it typed has reached the rules.
   */
  readonly onEvent?: (event: CrispEvent, outcome: HookOutcome) => void;
}

/**
 * A running plugin with its internals: what `startRuntimeInternals` answers to this kit's own code
 * (`dev`) and tests. Embedders get the {@link Runtime} part from `startRuntime`.
 */
export interface RuntimeInternals extends Runtime {
  readonly registry: WebsiteRegistry;
  readonly metrics: Metrics;
  /** Hands an event to the rules as an intake would. */
  dispatch(event: CrispEvent, delivery?: Delivery): Promise<HookOutcome>;
  /** The version live now. */
  version(): PluginVersion;
  readonly reloader: Reloader;
  readonly store: Store;
  /** Stored work: `poll()` takes what is due now (tests move the clock, then poll). */
  readonly work: WorkPoller;
}
