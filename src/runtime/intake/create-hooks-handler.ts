import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCrispEvent, type CrispEvent } from "../../core/engine/crisp-event.js";
import type { Logger } from "../../core/logging/logger.js";
import { isFresh } from "./is-fresh.js";
import { lingerThenClose } from "./linger-then-close.js";
import { readHookHeaders, type HookHeaders } from "./read-hook-headers.js";
import { readRawBody } from "./read-raw-body.js";
import { sendJson } from "./send-json.js";
import { verifySignature } from "./verify-signature.js";
import { signedAt } from "./signed-at.js";

/** What the runtime learns about a delivery besides the event itself. */
export interface HookDelivery {
  /** `X-Delivery-Attempt-Count`: which attempt this is, from 1; absent when Crisp did not say. */
  readonly attempt?: number;
  /** `X-Delivery-Attempt-Limit`: how many attempts Crisp makes in total. */
  readonly attemptLimit?: number;
  /** When the request arrived, from the injected clock (milliseconds since the epoch). */
  readonly receivedAt: number;
}

/**
 * `accepted`: the event is safely stored. `ignored`: not for this plugin (say, not installed).
 * `duplicate`: the same event was accepted before (Crisp retried a hook, a socket reconnected).
 */
export type HookOutcome = "accepted" | "ignored" | "duplicate";

/** Options of {@link createHooksHandler}. */
export interface HooksHandlerOptions {
  /** The plugin's Web Hooks signing secret from the Marketplace; never logged. */
  readonly secret: string;
  /** Largest body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Takes a verified event. The answer waits for it: resolve only once the event is durable, since
   * a 200 tells Crisp not to send it again. A rejection answers 503 so that Crisp retries.
   */
  readonly accept: (event: CrispEvent, meta: HookDelivery) => Promise<HookOutcome>;
  readonly log: Logger;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** When set, a signed timestamp further than this from `now()` is refused as a replay (403). */
  readonly maxSkewMs?: number;
}

/** A `node:http` request listener, to be routed `POST /hooks`; it never throws. */
export type HooksHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** The default of {@link HooksHandlerOptions.maxBodyBytes}: Crisp events are a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

interface Settings extends HooksHandlerOptions {
  readonly maxBodyBytes: number;
  readonly now: () => number;
}

/**
 * Builds the Web Hooks intake: reads the raw body within a limit (413), checks the signature over
 * those bytes (403) and optionally its freshness (403), parses the event (400), then answers 200
 * only after `accept` has resolved, or 503 when it rejects. Any other method is 405.
 *
 * @throws TypeError when `secret` is empty or a limit is not a positive number: a handler that
 * refuses every delivery is better caught at startup than in production logs.
 */
export function createHooksHandler(options: HooksHandlerOptions): HooksHandler {
  const settings = resolveOptions(options);
  return (request, response) => {
    receiveHook(request, response, settings).catch((error: unknown) => {
      failSafely(response, settings.log, error);
    });
  };
}

function resolveOptions(options: HooksHandlerOptions): Settings {
  if (typeof options.secret !== "string" || options.secret === "")
    throw new TypeError("createHooksHandler: `secret` is empty; pass the plugin's Web Hooks signing secret");
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0)
    throw new TypeError(`createHooksHandler: \`maxBodyBytes\` must be a positive integer, got ${maxBodyBytes}`);
  if (options.maxSkewMs !== undefined && !(options.maxSkewMs > 0))
    throw new TypeError(`createHooksHandler: \`maxSkewMs\` must be positive, got ${options.maxSkewMs}`);
  return { ...options, maxBodyBytes, now: options.now ?? Date.now };
}

async function receiveHook(request: IncomingMessage, response: ServerResponse, settings: Settings): Promise<void> {
  const receivedAt = settings.now();
  if (request.method !== "POST") {
    sendJson(response, 405, refusal("method_not_allowed", "Web Hooks are delivered with POST"), { Allow: "POST" });
    return;
  }
  const body = await readRawBody(request, settings.maxBodyBytes);
  if (body.kind === "aborted") {
    settings.log.debug("hook dropped: the client closed the connection before the body ended");
    return;
  }
  if (body.kind === "too_large") {
    refuseTooLarge(request, response, settings);
    return;
  }
  const headers = readHookHeaders(request.headers);
  if (!isAuthentic(headers, body.bytes, request, response, settings)) return;
  if (!isTimely(headers, receivedAt, response, settings)) return;
  // A body without its own timestamp takes the signed one, not the time it arrived: a copy of the
  // same signed delivery then has the same identity, and is stored once (see eventWork).
  const event = parseEvent(body.bytes, signedAt(headers.timestamp) ?? receivedAt);
  if ("error" in event) {
    settings.log.warn(`hook refused (400): ${event.error}`, { origin: headers.origin });
    sendJson(response, 400, refusal("malformed_event", event.error));
    return;
  }
  const delivery: HookDelivery = {
    receivedAt,
    ...(headers.attempt === undefined ? {} : { attempt: headers.attempt }),
    ...(headers.attemptLimit === undefined ? {} : { attemptLimit: headers.attemptLimit }),
  };
  await deliver(event, delivery, response, settings);
}

function refuseTooLarge(request: IncomingMessage, response: ServerResponse, settings: Settings): void {
  settings.log.warn(`hook refused (413): the body is over ${settings.maxBodyBytes} bytes`, {
    remoteAddress: request.socket.remoteAddress,
  });
  sendJson(response, 413, refusal("body_too_large", `the body is over ${settings.maxBodyBytes} bytes`));
  lingerThenClose(request);
}

/** Checks the signature; on failure answers 403 and logs where from, never the secret or signature. */
function isAuthentic(
  headers: HookHeaders,
  rawBody: Buffer,
  request: IncomingMessage,
  response: ServerResponse,
  settings: Settings,
): boolean {
  const { timestamp, signature } = headers;
  if (verifySignature({ secret: settings.secret, timestamp, signature, rawBody })) return true;
  const why =
    signature === undefined || timestamp === undefined
      ? "the X-Crisp-Signature or X-Crisp-Request-Timestamp header is missing"
      : "the signature does not match; check that the secret is the plugin's Web Hooks signing secret, not its API key";
  settings.log.warn(`hook refused (403): ${why}`, {
    origin: headers.origin,
    remoteAddress: request.socket.remoteAddress,
  });
  sendJson(response, 403, refusal("bad_signature", "the signature is missing or does not match"));
  return false;
}

/** With `maxSkewMs`, refuses (403) a signed timestamp too far from now: most likely a replay. */
function isTimely(headers: HookHeaders, receivedAt: number, response: ServerResponse, settings: Settings): boolean {
  if (settings.maxSkewMs === undefined || isFresh(headers.timestamp, receivedAt, settings.maxSkewMs)) return true;
  settings.log.warn(`hook refused (403): its timestamp is more than ${settings.maxSkewMs} ms from now`, {
    origin: headers.origin,
    timestamp: headers.timestamp,
  });
  sendJson(response, 403, refusal("stale", `the timestamp is more than ${settings.maxSkewMs} ms from now`));
  return false;
}

function parseEvent(bytes: Buffer, fallbackTimestamp: number): CrispEvent | { error: string } {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { error: "the body is not JSON" };
  }
  return parseCrispEvent(body, () => fallbackTimestamp);
}

/** Hands the event over and answers only once `accept` has settled: 200, or 503 for a retry. */
async function deliver(
  event: CrispEvent,
  delivery: HookDelivery,
  response: ServerResponse,
  settings: Settings,
): Promise<void> {
  const context = { event: event.name, website_id: event.website_id, attempt: delivery.attempt };
  let outcome: HookOutcome;
  try {
    outcome = await settings.accept(event, delivery);
  } catch (error) {
    settings.log.error("hook not stored (503, Crisp will retry): accept failed", {
      ...context,
      error: describe(error),
    });
    sendJson(response, 503, refusal("unavailable", "the event could not be stored; retry later"));
    return;
  }
  if (outcome === "ignored") {
    // Still 200: Crisp retrying an event this plugin does not want would only repeat the ignore.
    settings.log.info("hook ignored", context);
    sendJson(response, 200, { ok: true, ignored: true });
    return;
  }
  if (outcome === "duplicate") {
    // 200 as well: the first copy was stored, and a refusal would make Crisp retry once more.
    settings.log.info("hook already accepted (duplicate delivery)", context);
    sendJson(response, 200, { ok: true, duplicate: true });
    return;
  }
  settings.log.debug("hook accepted", context);
  sendJson(response, 200, { ok: true });
}

/**
 * Last resort for a bug here or a throwing logger: answer 500 and keep the server up. It runs in a
 * promise's `catch`, where a throw would be an unhandled rejection, which ends the process.
 */
function failSafely(response: ServerResponse, log: Logger, error: unknown): void {
  try {
    log.error("hook handler failed", { error: describe(error) });
  } catch {
    // The logger itself may be what failed; the client still deserves an answer.
  }
  try {
    if (!response.headersSent) sendJson(response, 500, refusal("internal_error", "the hook could not be handled"));
    else response.destroy();
  } catch {
    // Nothing is left to tell the client over a socket that cannot be written.
  }
}

function refusal(error: string, reason: string): Record<string, unknown> {
  return { ok: false, error, reason };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}
