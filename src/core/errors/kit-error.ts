/**
 * Runtime error codes, in one place. Manifest problems have their own list
 * (`src/core/manifest/problem-codes.ts`) because they are reported by position, not thrown.
 */
export const ERROR_CODES = {
  MANIFEST_UNREADABLE: "the manifest file cannot be read",
  MANIFEST_INVALID: "the manifest has errors",
  FILE_UNREADABLE: "a file named on the command line cannot be read",
  CRISP_REQUEST_FAILED: "Crisp answered a REST call with an error, or could not be reached",
  CRISP_UNAUTHORIZED: "Crisp refused the plugin token",
  QUOTA_EXHAUSTED:
    "the plugin's daily Crisp request quota is spent, for this step's priority, until the quota's daily reset (UTC midnight, or CRISP_QUOTA_RESET)",
  LOOP_STOPPED:
    "the circuit breaker skipped a step: its conversation ran more actions a minute than `circuit_breaker` allows",
  SHUTTING_DOWN: "the plugin is stopping and takes no new event",
  CONFIGURATION_INVALID: "an environment variable or option is missing or wrong",
  SCOPE_NOT_GRANTED: "a call needs a token scope the manifest does not declare",
  HOST_NOT_ALLOWED: "an outbound HTTP request names a host outside `http.allow`",
  HTTP_REQUEST_FAILED: "an outbound HTTP request failed or timed out",
  ACTION_FAILED: "a step could not run",
  HOOK_FAILED: "a TypeScript hook threw, or could not be loaded",
  HOOK_TIMEOUT: "a TypeScript hook ran past its timeout (its worker thread was stopped)",
  HOOK_OUT_OF_MEMORY: "a TypeScript hook used more memory than its worker thread may (its worker was stopped)",
  LEASE_LOST:
    "this replica no longer holds the conversation's lease (it expired and another replica took it over): it stopped before the next step",
  WORK_QUARANTINED:
    "a stored work item was started too many times without finishing: the process likely died running it",
} as const;

/** A code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** How a caller should react: try again, wait then try again, or give up. */
export type ErrorKind = "retryable" | "rate-limited" | "unrecoverable";

/** The one error class of this project: a stable code, a kind, a cause and context. */
export class KitError extends Error {
  override readonly name = "KitError";
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; kind?: ErrorKind; context?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.kind = options.kind ?? "unrecoverable";
    this.context = options.context ?? {};
  }
}
