import { createHmac } from "node:crypto";

/**
 * The signature Crisp puts in `X-Crisp-Signature`: hex HMAC-SHA256, keyed with the plugin's Web Hooks
 * signing secret, over `[<X-Crisp-Request-Timestamp>;<body as sent>]` (crisp-platform.md §3.2).
 * `rawBody` is the exact string sent, not a re-serialisation, so receivers that verify the raw bytes
 * and receivers that re-stringify the parsed body can both be tested.
 */
export function signHook(secret: string, timestamp: number | string, rawBody: string): string {
  return createHmac("sha256", secret).update(`[${timestamp};${rawBody}]`).digest("hex");
}
