import type { IncomingMessage, ServerResponse } from "node:http";
import type { CrispEvent } from "../../core/engine/crisp-event.js";
import type { Logger } from "../../core/logging/logger.js";
import { isWebsiteToken } from "../settings-page/is-website-token.js";
import type { HookOutcome } from "./create-hooks-handler.js";
import { lingerThenClose } from "./linger-then-close.js";
import { parseWidgetAction } from "./parse-widget-action.js";
import { readHookHeaders } from "./read-hook-headers.js";
import { readRawBody } from "./read-raw-body.js";
import { sendJson } from "./send-json.js";
import { verifySignature } from "./verify-signature.js";

/** Options of {@link createWidgetHandler}. */
export interface WidgetHandlerOptions {
  /** The widget signing secret; when set, a call with signature headers must match it. Never logged. */
  readonly secret?: string;
  /** The subscription token of a website that installed the plugin, or undefined. */
  readonly tokenOf: (websiteId: string) => string | undefined;
  /** Runs the rules of a `widget:data` event and resolves with the value to show (never stored). */
  readonly fetchData: (event: CrispEvent) => Promise<string>;
  /** Stores a `widget:button` event (resolves once durable, as for hooks); a rejection answers 503. */
  readonly press: (event: CrispEvent) => Promise<HookOutcome>;
  readonly log: Logger;
  /** Largest body accepted, in bytes; larger ones get 413. Default 256 KiB. */
  readonly maxBodyBytes?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** The default of {@link WidgetHandlerOptions.maxBodyBytes}: widget actions are small. */
export const DEFAULT_WIDGET_MAX_BODY_BYTES = 256 * 1024;

/**
 * The widget's Action URL (`POST /widget`): reads the body within a limit (413), parses it (400),
 * then authenticates every call before anything runs: `origin.token` must be that website's
 * subscription token (constant time; an unknown website is refused the same way), and when the
 * `X-Crisp-Signature` / `X-Crisp-Request-Timestamp` headers are present and a secret is set, the
 * HMAC over `[timestamp;body]` must match (401 otherwise). A data fetch answers
 * `{"data":{"value":"..."}}`; a button press answers `{}` once its event is stored, or 503.
 */
export function createWidgetHandler(
  options: WidgetHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const settings = {
    ...options,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_WIDGET_MAX_BODY_BYTES,
    now: options.now ?? Date.now,
  };
  return (request, response) => {
    receive(request, response, settings).catch((error: unknown) => {
      settings.log.error("widget action failed", { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent)
        sendJson(response, 500, refusal("internal_error", "the widget action could not be handled"));
    });
  };
}

type Settings = WidgetHandlerOptions & { readonly maxBodyBytes: number; readonly now: () => number };

async function receive(request: IncomingMessage, response: ServerResponse, settings: Settings): Promise<void> {
  const receivedAt = settings.now();
  if (request.method !== "POST") {
    sendJson(response, 405, refusal("method_not_allowed", "widget actions are sent with POST"), { Allow: "POST" });
    return;
  }
  const body = await readRawBody(request, settings.maxBodyBytes);
  if (body.kind === "aborted") return;
  if (body.kind === "too_large") {
    settings.log.warn(`widget action refused (413): the body is over ${settings.maxBodyBytes} bytes`);
    sendJson(response, 413, refusal("body_too_large", `the body is over ${settings.maxBodyBytes} bytes`));
    lingerThenClose(request);
    return;
  }
  const headers = readHookHeaders(request.headers);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.bytes.toString("utf8"));
  } catch {
    settings.log.warn("widget action refused (400): the body is not JSON");
    sendJson(response, 400, refusal("malformed_action", "the body is not JSON"));
    return;
  }
  const action = parseWidgetAction(parsed, sentAt(headers.timestamp) ?? receivedAt);
  if ("error" in action) {
    settings.log.warn(`widget action refused (400): ${action.error}`);
    sendJson(response, 400, refusal("malformed_action", action.error));
    return;
  }
  const why = refuseReason(action.websiteId, action.token, headers, body.bytes, settings);
  if (why !== undefined) {
    settings.log.warn(`widget action refused (401): ${why}`, {
      website_id: action.websiteId,
      remoteAddress: request.socket.remoteAddress,
    });
    sendJson(response, 401, refusal("unauthorized", "the website token or the signature does not match"));
    return;
  }
  await answer(action.event, response, settings);
}

/** Why the call is not from Crisp for that website, or undefined when it is. */
function refuseReason(
  websiteId: string,
  token: string,
  headers: ReturnType<typeof readHookHeaders>,
  rawBody: Buffer,
  settings: Settings,
): string | undefined {
  const expected = settings.tokenOf(websiteId);
  // Compared even for an unknown website, so that the answer takes as long either way.
  const tokenMatches = isWebsiteToken(expected, token);
  if (!tokenMatches)
    return expected === undefined
      ? "the website has not installed the plugin"
      : "origin.token is not the website's token";
  const signed = headers.signature !== undefined || headers.timestamp !== undefined;
  if (!signed || settings.secret === undefined) return undefined;
  const { timestamp, signature } = headers;
  if (verifySignature({ secret: settings.secret, timestamp, signature, rawBody })) return undefined;
  return "the signature is missing a header or does not match; check CRISP_WIDGET_SECRET";
}

async function answer(event: CrispEvent, response: ServerResponse, settings: Settings): Promise<void> {
  const where = { event: event.name, website_id: event.website_id, item_id: event.data.item_id };
  if (event.name === "widget:data") {
    try {
      const value = await settings.fetchData(event);
      sendJson(response, 200, { data: { value } });
    } catch (error) {
      settings.log.warn("widget data not answered (503)", { ...where, error: describe(error) });
      sendJson(response, 503, refusal("unavailable", "the value could not be fetched; retry later"));
    }
    return;
  }
  try {
    const outcome = await settings.press(event);
    if (outcome === "duplicate") settings.log.info("widget button already handled (duplicate delivery)", where);
    sendJson(response, 200, {});
  } catch (error) {
    settings.log.error("widget button not stored (503, Crisp may retry)", { ...where, error: describe(error) });
    sendJson(response, 503, refusal("unavailable", "the action could not be stored; retry later"));
  }
}

/** The signed timestamp in milliseconds (Crisp does not document its unit), or undefined. */
function sentAt(timestamp: string | undefined): number | undefined {
  const value = Number(timestamp);
  if (timestamp === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  return value < 100_000_000_000 ? value * 1000 : value;
}

function refusal(error: string, reason: string): Record<string, unknown> {
  return { error, reason };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
