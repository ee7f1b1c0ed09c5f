import type { IncomingHttpHeaders } from "node:http";

/** The Crisp headers of one Web Hooks delivery; each is absent when not sent or unreadable. */
export interface HookHeaders {
  /** `X-Crisp-Request-Timestamp`, as sent: it is part of the signed trace. */
  readonly timestamp?: string;
  /** `X-Crisp-Signature`: hex HMAC-SHA256 of the trace. */
  readonly signature?: string;
  /** `X-Crisp-Hook-Origin`, such as `plugin/rtm 38b411d9377a6a00 production`; safe to log. */
  readonly origin?: string;
  /** `X-Delivery-Attempt-Count`: which attempt this request is, from 1. */
  readonly attempt?: number;
  /** `X-Delivery-Attempt-Limit`: how many attempts Crisp makes in total. */
  readonly attemptLimit?: number;
}

/**
 * Reads the headers Crisp sends with a Web Hook. A header sent twice arrives joined (`a, b`) or as
 * an array; either way it is kept as one string, so a doubled signature simply fails to verify.
 */
export function readHookHeaders(headers: IncomingHttpHeaders): HookHeaders {
  const timestamp = text(headers["x-crisp-request-timestamp"]);
  const signature = text(headers["x-crisp-signature"]);
  const origin = text(headers["x-crisp-hook-origin"]);
  const attempt = count(headers["x-delivery-attempt-count"]);
  const attemptLimit = count(headers["x-delivery-attempt-limit"]);
  return {
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(signature === undefined ? {} : { signature }),
    ...(origin === undefined ? {} : { origin }),
    ...(attempt === undefined ? {} : { attempt }),
    ...(attemptLimit === undefined ? {} : { attemptLimit }),
  };
}

function text(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(", ") : value;
  return joined === undefined || joined === "" ? undefined : joined;
}

/** A positive integer header; anything else is treated as not sent rather than guessed at. */
function count(value: string | string[] | undefined): number | undefined {
  const raw = text(value);
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  const parsed = Number(raw);
  return parsed > 0 ? parsed : undefined;
}
