import type { JsonObject } from "./json-object.js";
import { signHook } from "./sign-hook.js";
import { SIMULATOR_DEFAULTS } from "./simulator-defaults.js";

/** A Plugin Hook's JSON body, as Crisp POSTs it (crisp-platform.md §3.2). */
export interface HookBody {
  readonly website_id: string;
  readonly event: string;
  /** The same payload the RTM socket would carry for this event. */
  readonly data: JsonObject;
  /** When the event happened, in milliseconds. */
  readonly timestamp: number;
}

/**
 * How to spoil a hook, to test that a receiver refuses it: `signature` sends a well-formed signature
 * that does not match (same length, so a receiver's comparison runs rather than a length check),
 * `body` signs the honest body but sends one whose `data` gained `tampered: true`, and
 * `missing-signature` leaves `X-Crisp-Signature` out.
 */
export type HookTamper = "signature" | "body" | "missing-signature";

/** How to send one hook; every field has a default. */
export interface SendHookOptions {
  /** `X-Delivery-Attempt-Count`: which attempt this is; 1 by default. */
  readonly attempt?: number;
  /** `X-Delivery-Attempt-Limit`: how many attempts Crisp would make; 3 by default. */
  readonly attemptLimit?: number;
  readonly tamper?: HookTamper;
  /** `X-Crisp-Request-Timestamp`, which the signature covers; `body.timestamp` by default. */
  readonly timestamp?: number;
  /**
   * The exact string to send and sign instead of `JSON.stringify(body)`: for bodies whose bytes a
   * re-serialisation would change (`\u00e9` escapes, `\/`, integer-like keys), which a receiver that
   * verifies a re-stringified body gets wrong.
   */
  readonly rawBody?: string;
  /** Named in `X-Crisp-Hook-Origin`; the simulator's default plugin id by default. */
  readonly pluginId?: string;
  /** Aborts the request (a timeout, or the simulator closing). */
  readonly signal?: AbortSignal;
}

/** What the receiver answered. */
export interface HookResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * POSTs one Plugin Hook to `url` the way Crisp does: JSON body, `X-Crisp-Request-Timestamp`,
 * `X-Crisp-Signature`, `X-Crisp-Hook-Origin: plugin/rtm <plugin_id> development` and the
 * `X-Delivery-Attempt-*` headers. Rejects only when no answer arrives (network error, abort); any
 * status, 5xx included, resolves.
 */
export async function sendHook(
  url: string,
  secret: string,
  body: HookBody,
  options: SendHookOptions = {},
): Promise<HookResponse> {
  const timestamp = options.timestamp ?? body.timestamp;
  const signed = options.rawBody ?? JSON.stringify(body);
  const sent = options.tamper === "body" ? JSON.stringify(tamperedBody(body)) : signed;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Crisp-Request-Timestamp": String(timestamp),
    "X-Crisp-Hook-Origin": `plugin/rtm ${options.pluginId ?? SIMULATOR_DEFAULTS.pluginId} development`,
    "X-Delivery-Attempt-Count": String(options.attempt ?? 1),
    "X-Delivery-Attempt-Limit": String(options.attemptLimit ?? SIMULATOR_DEFAULTS.hookAttemptLimit),
  };
  if (options.tamper !== "missing-signature") {
    const signature = signHook(secret, timestamp, signed);
    headers["X-Crisp-Signature"] = options.tamper === "signature" ? flipLastDigit(signature) : signature;
  }
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: sent,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { status: response.status, body: await response.text() };
}

function tamperedBody(body: HookBody): HookBody {
  return { ...body, data: { ...body.data, tampered: true } };
}

function flipLastDigit(hex: string): string {
  return hex.slice(0, -1) + (hex.endsWith("0") ? "1" : "0");
}
