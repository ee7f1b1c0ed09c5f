import { Agent, request } from "undici";
import { CrispAnswer } from "./crisp-answer.js";

/** How to reach Crisp: the token, the host, and how long one request may take. */
export interface CrispHttpOptions {
  readonly identifier: string;
  readonly key: string;
  /** Origin of the REST API, such as `https://api.crisp.chat` (the default) or a simulator. */
  readonly restHost?: string;
  /** Abandons a request (its answer's body included) after this long, in ms; 10 s by default, as crisp-api. */
  readonly timeoutMs?: number;
}

/** One REST request as crisp-api's route builders make it: method, full URL, query and body. */
export type CrispRequest = (
  method: "HEAD" | "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  query: object | null | undefined,
  body: object | null | undefined,
) => Promise<unknown>;

const DEFAULT_TIMEOUT_MS = 10_000;
const USER_AGENT = "crisp-plugin-kit (node-crisp-api routes)";

/**
 * The thin HTTP layer under crisp-api's route builders: the headers crisp-api sends (Basic
 * authentication, `X-Crisp-Tier: plugin`), a timeout that bounds the whole exchange, and Crisp's
 * envelope `{ error, reason, data }` read as crisp-api reads it: resolves with `data` (or `{}`),
 * rejects with a {@link CrispAnswer} carrying the status, `reason` and `Retry-After`.
 *
 * Requests go through undici's `request`, not `fetch` (which crisp-api uses), on a pool of this
 * client's own that keeps connections to Crisp open between requests (idle ones do not keep the
 * process alive). `fetch` pays for WHATWG streams, `Response` objects and `AbortSignal.timeout` on
 * every call, and every event makes one: `node --import tsx bench/rest-client-cost.ts` compares the two.
 * `close()` ends the pool: requests in flight finish, new ones are refused.
 */
export function createCrispRequest(options: CrispHttpOptions): CrispRequest & { close(): Promise<void> } {
  const authorization = `Basic ${Buffer.from(`${options.identifier}:${options.key}`).toString("base64")}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dispatcher = new Agent();
  const send: CrispRequest = async (method, url, query, body) => {
    const target = new URL(url);
    for (const [key, value] of Object.entries(query ?? {}) as [string, unknown][]) {
      if (value === null || value === undefined) continue;
      target.searchParams.append(key, typeof value === "string" ? value : JSON.stringify(value));
    }
    const hasBody = body !== null && body !== undefined && method !== "GET" && method !== "HEAD";
    const headers: Record<string, string> = {
      "User-Agent": USER_AGENT,
      "X-Crisp-Tier": "plugin",
      Authorization: authorization,
      ...(hasBody ? { "Content-Type": "application/json" } : {}),
    };
    // One deadline for the whole exchange, the answer's body included.
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort();
    }, timeoutMs);
    let status: number;
    let retryAfter: string | undefined;
    let envelope: unknown;
    try {
      const response = await request(target, {
        method,
        headers,
        ...(hasBody ? { body: JSON.stringify(body) } : {}),
        signal: controller.signal,
        dispatcher,
      });
      status = response.statusCode;
      retryAfter = headerOf(response.headers["retry-after"]);
      const text = await response.body.text();
      envelope = method === "HEAD" ? null : parseJson(text);
    } catch (error) {
      throw new CrispAnswer(0, unreachable(error, timeoutMs, controller.signal.aborted), undefined);
    } finally {
      clearTimeout(timer);
    }
    if (status >= 400) {
      const reason = method === "HEAD" ? headReason(status) : reasonOf(envelope);
      throw new CrispAnswer(status, reason, retryAfter);
    }
    if (envelope === undefined) throw new CrispAnswer(0, "the answer is not JSON", undefined);
    return dataOf(envelope) ?? {};
  };
  // Closing refuses new requests, lets those in flight end, and closes the connections kept open.
  return Object.assign(send, { close: () => dispatcher.close() });
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The JSON body; `undefined` when it is not JSON (an error page, a proxy's answer). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function dataOf(envelope: unknown): unknown {
  return typeof envelope === "object" && envelope !== null ? (envelope as { data?: unknown }).data : undefined;
}

function reasonOf(envelope: unknown): string {
  const reason = (envelope as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === "string" && reason !== "" ? reason : "http_error";
}

/** crisp-api's reasons for HEAD requests, which have no body. */
function headReason(status: number): string {
  return status >= 500 ? "server_error" : "route_error";
}

function unreachable(error: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  // undici puts the system's code (ECONNREFUSED, ECONNRESET...) on the error, or on its cause.
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code =
    typeof failure?.code === "string" && /^E[A-Z]+$/.test(failure.code) ? failure.code : failure?.cause?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}
