import { maskSecrets, maskText } from "./mask-secrets.js";

/** Log levels, least to most severe. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** What every component logs through; injected so tests can read what was logged. */
export interface Logger {
  /** Whether lines of this level are written; check before building a costly message. */
  enabled(level: LogLevel): boolean;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * A logger writing one line per entry: `LEVEL message {json fields}`. At every depth of the fields,
 * a field whose name looks like a secret (key, secret, token, password, authorization, cookie...)
 * and every header value is written as "[redacted]"; URLs in the message and in field values have
 * their user name, password and credential-like query values masked ({@link maskSecrets}).
 */
export function createLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? "info");
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: LogLevel): ((message: string, fields?: LogFields) => void) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return () => undefined;
    const label = `${level.toUpperCase().padEnd(5)} `;
    return (message, fields) => {
      const extra = fields && hasKeys(fields) ? ` ${JSON.stringify(maskSecrets(fields))}` : "";
      write(`${label}${maskText(message)}${extra}`);
    };
  };
  return {
    enabled: (level) => LOG_LEVELS.indexOf(level) >= threshold,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
  };
}

function hasKeys(fields: LogFields): boolean {
  for (const _ in fields) return true;
  return false;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} };
