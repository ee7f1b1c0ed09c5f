import type { Dispatcher } from "undici";
import { KitError, type ErrorKind } from "../errors/kit-error.js";
import type { ActionContext } from "./action-context.js";
import { defineAction } from "./define-action.js";
import { createOutboundDispatcher } from "./create-outbound-dispatcher.js";
import { isHostAllowed } from "./is-host-allowed.js";
import { BodyLimitError, readBoundedBody } from "./read-bounded-body.js";

/** `with:` of `http`, rendered. */
export interface HttpParams {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeout_ms?: number;
  max_bytes?: number;
}

/** What `steps.<id>` holds after an `http` step. */
export interface HttpResult {
  status: number;
  body: unknown;
}

/** The most bytes of an answer read when the step sets no `max_bytes`: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1_048_576;

/** Calls an outside HTTP endpoint, only on hosts listed in `http.allow`. */
export const http = defineAction<HttpParams>({
  name: "http",
  priority: "normal",
  summary: "Call an outside HTTP endpoint (only hosts listed in `http.allow`), with templated URL, headers and body.",
  needs: [],
  urlParams: ["url"],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["url"],
    properties: {
      method: { description: "HTTP method.", enum: ["GET", "POST", "PUT", "PATCH", "DELETE"], default: "POST" },
      url: {
        description:
          "The URL (a template); its host must be allowed by `http.allow`. Values in the path and query are URL-encoded (not a leading base URL, a value in the host, or `{{{raw}}}`), so they cannot change the path; `.` and `..` segments are refused.",
        type: "string",
        minLength: 1,
      },
      headers: {
        description: "Request headers (values are templates).",
        type: "object",
        additionalProperties: { type: "string" },
      },
      body: {
        description: "Request body: an object is sent as JSON (string values are templates); a string is sent as is.",
      },
      timeout_ms: {
        description: "Overrides `http.timeout_ms` for this request.",
        type: "integer",
        minimum: 100,
        maximum: 60000,
      },
      max_bytes: {
        description:
          "The most bytes of the answer to read (1 MiB, 1048576, when left out); a longer answer (by its Content-Length, or as it streams) fails the step without reading on.",
        type: "integer",
        minimum: 1,
        maximum: 16777216,
      },
    },
  },
  result: {
    type: "object",
    properties: {
      status: { type: "integer", description: "The HTTP status." },
      body: { description: "The answer: parsed JSON when it says it is JSON, else text." },
    },
  },
  run: (context, params) => request(context, params),
});

/** The connection pool with the DNS guard, made on first use. */
let dispatcher: Dispatcher | undefined;

async function request(context: ActionContext, params: HttpParams): Promise<HttpResult> {
  const url = parseUrl(params.url);
  const where = { ruleId: context.ruleId, step: context.stepIndex };
  // The path and query may hold secrets (a Slack webhook URL is one): messages name the origin only.
  const fail = (message: string, kind: ErrorKind, cause?: unknown): KitError =>
    new KitError("HTTP_REQUEST_FAILED", `http ${params.method} ${url.origin}: ${message}`, {
      kind,
      cause,
      context: where,
    });
  if (!isHostAllowed(url.host, context.http.allow)) {
    throw new KitError("HOST_NOT_ALLOWED", `http: host ${url.host} is not listed in http.allow`, { context: where });
  }
  const timeoutMs = params.timeout_ms ?? context.http.timeoutMs;
  const maxBytes = params.max_bytes ?? DEFAULT_MAX_BYTES;
  // Our own deadline, over headers and body together: a ref'd timer that aborts the request and
  // rejects whatever is being awaited, whether or not the fetch honours its signal.
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const reason = new DOMException("timed out", "TimeoutError");
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
  });
  aborted.catch(() => undefined); // raced below; never unhandled when nothing awaits it
  const json = params.body !== undefined && typeof params.body !== "string";
  let response: Response;
  let text: string;
  try {
    const init = {
      method: params.method,
      headers: { ...(json ? { "content-type": "application/json" } : {}), ...params.headers },
      ...(params.body === undefined || params.method === "GET"
        ? {}
        : { body: json ? JSON.stringify(params.body) : (params.body as string) }),
      // A redirect could lead to a host outside http.allow, so none is followed.
      redirect: "error" as const,
      signal: controller.signal,
      dispatcher: (dispatcher ??= createOutboundDispatcher()),
    };
    response = await Promise.race([context.http.fetch(url, init as unknown as RequestInit), aborted]);
    text = await readBoundedBody(response, maxBytes, aborted);
  } catch (error) {
    throw failure(error, fail, where);
  } finally {
    clearTimeout(timer);
  }
  const body = parseBody(text, response.headers.get("content-type"));
  if (response.ok) return { status: response.status, body };
  const kind: ErrorKind =
    response.status === 429 ? "rate-limited" : response.status >= 500 ? "retryable" : "unrecoverable";
  throw fail(`answered ${response.status}`, kind);
}

/** The step's error for what went wrong while requesting. */
function failure(
  error: unknown,
  fail: (message: string, kind: ErrorKind, cause?: unknown) => KitError,
  where: Record<string, unknown>,
): KitError {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof KitError && cause.code === "HOST_NOT_ALLOWED") {
    return new KitError("HOST_NOT_ALLOWED", cause.message, { context: where });
  }
  if (error instanceof BodyLimitError) {
    return fail(`${error.message} (max_bytes); the answer was not read further`, "unrecoverable", error);
  }
  const timedOut = error instanceof DOMException && error.name === "TimeoutError";
  const reason = cause instanceof Error ? cause.message : (error as Error).message;
  return fail(timedOut ? "timed out" : `request failed (${reason})`, "retryable", error);
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    // The text is not shown: a URL may carry a token in its path or query.
    throw new KitError("ACTION_FAILED", "http: `url` does not render to an absolute URL (scheme://host/...)", {
      cause: error,
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new KitError("ACTION_FAILED", `http: ${url.protocol} URLs are not allowed, only http and https`);
  }
  const segments =
    text
      .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i, "")
      .split(/[?#]/)[0]
      ?.split(/[/\\]/) ?? [];
  if (segments.some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    throw new KitError(
      "ACTION_FAILED",
      `http: the URL's path has a "." or ".." segment (${url.origin}); it is refused`,
    );
  }
  return url;
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!contentType?.includes("json")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
