import { KitError, type ErrorKind } from "../errors/kit-error.js";
import type { ActionContext } from "./action-context.js";
import { defineAction } from "./define-action.js";
import { isHostAllowed } from "./is-host-allowed.js";

/** `with:` of `http`, rendered. */
export interface HttpParams {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeout_ms?: number;
}

/** What `steps.<id>` holds after an `http` step. */
export interface HttpResult {
  status: number;
  body: unknown;
}

/** Response bodies beyond this size are cut, so a large answer cannot exhaust memory. */
const MAX_RESPONSE_CHARS = 1_000_000;

/** Calls an outside HTTP endpoint, only on hosts listed in `http.allow`. */
export const http = defineAction<HttpParams>({
  name: "http",
  priority: "normal",
  summary: "Call an outside HTTP endpoint (only hosts listed in `http.allow`), with templated URL, headers and body.",
  needs: [],
  params: {
    type: "object",
    additionalProperties: false,
    required: ["url"],
    properties: {
      method: { description: "HTTP method.", enum: ["GET", "POST", "PUT", "PATCH", "DELETE"], default: "POST" },
      url: {
        description: "The URL (a template); its host must be allowed by `http.allow`.",
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

async function request(context: ActionContext, params: HttpParams): Promise<HttpResult> {
  const url = parseUrl(params.url);
  const fail = (message: string, kind: ErrorKind, cause?: unknown): KitError =>
    new KitError("HTTP_REQUEST_FAILED", `http ${params.method} ${url.origin}${url.pathname}: ${message}`, {
      kind,
      cause,
      context: { ruleId: context.ruleId, step: context.stepIndex },
    });
  if (!isHostAllowed(url.host, context.http.allow)) {
    throw new KitError("HOST_NOT_ALLOWED", `http: host ${url.host} is not listed in http.allow`, {
      context: { ruleId: context.ruleId, step: context.stepIndex },
    });
  }
  const json = params.body !== undefined && typeof params.body !== "string";
  let response: Response;
  let text: string;
  try {
    response = await context.http.fetch(url, {
      method: params.method,
      headers: { ...(json ? { "content-type": "application/json" } : {}), ...params.headers },
      ...(params.body === undefined || params.method === "GET"
        ? {}
        : { body: json ? JSON.stringify(params.body) : (params.body as string) }),
      // A redirect could lead to a host outside http.allow, so none is followed.
      redirect: "error",
      signal: AbortSignal.timeout(params.timeout_ms ?? context.http.timeoutMs),
    });
    // The timeout covers the body too: a server that sends headers and then stalls times out.
    text = (await response.text()).slice(0, MAX_RESPONSE_CHARS);
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw fail(timedOut ? "timed out" : `request failed (${(error as Error).message})`, "retryable", error);
  }
  const body = parseBody(text, response.headers.get("content-type"));
  if (response.ok) return { status: response.status, body };
  const kind: ErrorKind =
    response.status === 429 ? "rate-limited" : response.status >= 500 ? "retryable" : "unrecoverable";
  throw fail(`answered ${response.status}`, kind);
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new KitError("ACTION_FAILED", `http: ${JSON.stringify(text)} is not an absolute URL`, { cause: error });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new KitError("ACTION_FAILED", `http: ${url.protocol} URLs are not allowed, only http and https`);
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
