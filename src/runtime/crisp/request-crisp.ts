import { CrispAnswer } from "./crisp-answer.js";

/** How to reach Crisp: the token, the host, and how long one request may take. */
export interface CrispHttpOptions {
  readonly identifier: string;
  readonly key: string;
  /** Origin of the REST API, such as `https://api.crisp.chat` (the default) or a simulator. */
  readonly restHost?: string;
  /** Abandons a request (its answer's body included) after this long, in ms; 10 s by default, as crisp-api. */
  readonly timeoutMs?: number;
  /** The `fetch` to use; the global one by default (read, never replaced). */
  readonly fetch?: typeof fetch;
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
 */
export function createCrispRequest(options: CrispHttpOptions): CrispRequest {
  const authorization = `Basic ${Buffer.from(`${options.identifier}:${options.key}`).toString("base64")}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return async (method, url, query, body) => {
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
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let envelope: unknown;
    try {
      response = await send(target, { method, headers, ...(hasBody ? { body: JSON.stringify(body) } : {}), signal });
      envelope = method === "HEAD" ? null : await readJson(response);
    } catch (error) {
      throw new CrispAnswer(0, unreachable(error, timeoutMs), undefined);
    }
    if (response.status >= 400) {
      const reason = method === "HEAD" ? headReason(response.status) : reasonOf(envelope);
      throw new CrispAnswer(response.status, reason, response.headers.get("retry-after") ?? undefined);
    }
    if (envelope === undefined) throw new CrispAnswer(0, "the answer is not JSON", undefined);
    return dataOf(envelope) ?? {};
  };
}

/** The JSON body; `undefined` when it is not JSON (an error page, a proxy's answer). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
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

function unreachable(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === "string" ? cause : error instanceof Error ? error.message : String(error);
}
