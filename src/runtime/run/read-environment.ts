import { KitError } from "../../core/errors/kit-error.js";
import { LOG_LEVELS, type LogLevel } from "../../core/logging/logger.js";

/** What `crisp-plugin run` reads from the environment (DESIGN.md's contract). */
export interface RunEnvironment {
  readonly identifier: string;
  readonly key: string;
  /** Origin of the REST API; default https://api.crisp.chat. */
  readonly restHost?: string;
  /** Overrides the socket URL from `plugin/connect/endpoints`. */
  readonly rtmHost?: string;
  readonly mode: "websockets" | "webhooks";
  /** The Web Hooks signing secret; required in webhooks mode. */
  readonly hooksSecret?: string;
  /** The widget signing secret (`CRISP_WIDGET_SECRET`); the hooks secret when unset. */
  readonly widgetSecret?: string;
  /** HTTP port for /hooks, /healthz and /metrics; 0 picks a free one. */
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Crisp's daily request quota for the plugin (5,000 unless the Marketplace raised it). */
  readonly dailyQuota?: number;
  /** How long one Crisp REST request may take before it is abandoned (and retried); crisp-api's 10 s by default. */
  readonly requestTimeoutMs?: number;
  /** Conversations handled at once; 32 by default. */
  readonly concurrency?: number;
  /** Starts of a stored work item without finishing before it becomes a dead letter; 3 by default. */
  readonly maxStarts?: number;
  /** How long the steps in flight may take after SIGTERM before the process exits anyway (10 s). */
  readonly shutdownMs?: number;
  /** On a store replicas share: how long held work stays a replica's without a renewal; 30 s by default. */
  readonly workLeaseMs?: number;
  /** When Crisp resets the daily quota, in minutes after UTC midnight (`CRISP_QUOTA_RESET`, `HH:MM` UTC); 0 by default. */
  readonly quotaResetMinutes?: number;
}

/** Whether plugin token credentials are set, which decides between running for real and the simulator. */
export function hasCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.CRISP_IDENTIFIER && env.CRISP_KEY);
}

/** Reads and checks the environment; throws `CONFIGURATION_INVALID` naming what is wrong. */
export function readEnvironment(env: NodeJS.ProcessEnv): RunEnvironment {
  const missing = (["CRISP_IDENTIFIER", "CRISP_KEY"] as const).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set: use the plugin token keypair from the Crisp Marketplace, or run crisp-plugin dev to try the plugin against the built-in simulator`,
    );
  }
  const mode = env.CRISP_RTM_MODE ?? "websockets";
  if (mode !== "websockets" && mode !== "webhooks") {
    throw new KitError("CONFIGURATION_INVALID", `CRISP_RTM_MODE must be websockets or webhooks, not "${mode}"`);
  }
  if (mode === "webhooks" && !env.CRISP_HOOKS_SECRET) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      "CRISP_RTM_MODE=webhooks needs CRISP_HOOKS_SECRET, the Web Hooks signing secret from the Marketplace",
    );
  }
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new KitError("CONFIGURATION_INVALID", `PORT must be a port number, not "${env.PORT ?? ""}"`);
  }
  const logLevel = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${env.LOG_LEVEL ?? ""}"`,
    );
  }
  const dailyQuota = env.CRISP_DAILY_QUOTA === undefined ? undefined : Number(env.CRISP_DAILY_QUOTA);
  if (dailyQuota !== undefined && !(Number.isSafeInteger(dailyQuota) && dailyQuota >= 1)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_DAILY_QUOTA must be a positive whole number of requests per day, not "${env.CRISP_DAILY_QUOTA ?? ""}"`,
    );
  }
  const requestTimeoutMs =
    env.CRISP_REQUEST_TIMEOUT_MS === undefined ? undefined : Number(env.CRISP_REQUEST_TIMEOUT_MS);
  if (requestTimeoutMs !== undefined && !(Number.isSafeInteger(requestTimeoutMs) && requestTimeoutMs >= 100)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds, at least 100, not "${env.CRISP_REQUEST_TIMEOUT_MS ?? ""}"`,
    );
  }
  const concurrency = env.CRISP_PLUGIN_CONCURRENCY === undefined ? undefined : Number(env.CRISP_PLUGIN_CONCURRENCY);
  if (concurrency !== undefined && !(Number.isSafeInteger(concurrency) && concurrency >= 1 && concurrency <= 10_000)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_PLUGIN_CONCURRENCY must be a whole number of conversations from 1 to 10000, not "${env.CRISP_PLUGIN_CONCURRENCY ?? ""}"`,
    );
  }
  const maxStarts = env.CRISP_PLUGIN_MAX_STARTS === undefined ? undefined : Number(env.CRISP_PLUGIN_MAX_STARTS);
  if (maxStarts !== undefined && !(Number.isSafeInteger(maxStarts) && maxStarts >= 1 && maxStarts <= 1_000)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_PLUGIN_MAX_STARTS must be a whole number of starts from 1 to 1000, not "${env.CRISP_PLUGIN_MAX_STARTS ?? ""}"`,
    );
  }
  const shutdownSeconds =
    env.CRISP_PLUGIN_SHUTDOWN_SECONDS === undefined ? undefined : Number(env.CRISP_PLUGIN_SHUTDOWN_SECONDS);
  if (
    shutdownSeconds !== undefined &&
    !(Number.isSafeInteger(shutdownSeconds) && shutdownSeconds >= 1 && shutdownSeconds <= 3_600)
  ) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_PLUGIN_SHUTDOWN_SECONDS must be a whole number of seconds from 1 to 3600, not "${env.CRISP_PLUGIN_SHUTDOWN_SECONDS ?? ""}"`,
    );
  }
  const workLeaseMs = env.CRISP_PLUGIN_LEASE_MS === undefined ? undefined : Number(env.CRISP_PLUGIN_LEASE_MS);
  if (workLeaseMs !== undefined && !(Number.isSafeInteger(workLeaseMs) && workLeaseMs >= 1_000)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_PLUGIN_LEASE_MS must be a whole number of milliseconds, at least 1000, not "${env.CRISP_PLUGIN_LEASE_MS ?? ""}"`,
    );
  }
  const quotaReset =
    env.CRISP_QUOTA_RESET === undefined ? undefined : /^([01]\d|2[0-3]):([0-5]\d)$/.exec(env.CRISP_QUOTA_RESET);
  if (quotaReset === null) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `CRISP_QUOTA_RESET must be the UTC time of day Crisp resets the daily quota, as HH:MM (00:00 to 23:59), not "${env.CRISP_QUOTA_RESET ?? ""}"`,
    );
  }
  const quotaResetMinutes = quotaReset === undefined ? undefined : Number(quotaReset[1]) * 60 + Number(quotaReset[2]);
  return {
    identifier: env.CRISP_IDENTIFIER as string,
    key: env.CRISP_KEY as string,
    ...(env.CRISP_REST_HOST ? { restHost: env.CRISP_REST_HOST } : {}),
    ...(env.CRISP_RTM_HOST ? { rtmHost: env.CRISP_RTM_HOST } : {}),
    mode,
    ...(env.CRISP_HOOKS_SECRET ? { hooksSecret: env.CRISP_HOOKS_SECRET } : {}),
    ...(env.CRISP_WIDGET_SECRET ? { widgetSecret: env.CRISP_WIDGET_SECRET } : {}),
    port,
    logLevel: logLevel as LogLevel,
    ...(dailyQuota === undefined ? {} : { dailyQuota }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(maxStarts === undefined ? {} : { maxStarts }),
    ...(shutdownSeconds === undefined ? {} : { shutdownMs: shutdownSeconds * 1000 }),
    ...(workLeaseMs === undefined ? {} : { workLeaseMs }),
    ...(quotaResetMinutes === undefined ? {} : { quotaResetMinutes }),
  };
}
