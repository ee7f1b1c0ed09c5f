import { createHmac, timingSafeEqual } from "node:crypto";

/** What {@link verifySignature} checks: the hook's headers and its body exactly as received. */
export interface SignedHook {
  /** The plugin's Web Hooks signing secret from the Marketplace (not the API token key). */
  readonly secret: string | undefined;
  /** The `X-Crisp-Request-Timestamp` header, as sent. */
  readonly timestamp: string | undefined;
  /** The `X-Crisp-Signature` header: hex HMAC-SHA256. */
  readonly signature: string | undefined;
  /** The request body as received; bytes are hashed as they are, a string as UTF-8. */
  readonly rawBody: Uint8Array | string;
}

/** A SHA-256 digest is 32 bytes, so a well-formed signature is exactly 64 hex digits. */
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Whether `signature` is `hex(HMAC-SHA256(secret, "[" + timestamp + ";" + body + "]"))`.
 *
 * The raw body is tried first, because re-serialising JSON can change it (integer-like keys
 * reorder, `\u00e9` and `\/` escapes vanish). crisp-api signs and checks `JSON.stringify(body)`
 * instead, so when the raw form fails and the body parses, that form is tried too. Comparison is
 * constant-time; a missing input, a non-numeric timestamp (as crisp-api) or a signature that is
 * not 64 hex digits is `false`, never a throw.
 */
export function verifySignature({ secret, timestamp, signature, rawBody }: SignedHook): boolean {
  if (!secret || !timestamp || !signature) return false;
  if (timestamp.trim() === "" || !Number.isFinite(Number(timestamp))) return false;
  if (!HEX_SHA256.test(signature)) return false;
  const expected = Buffer.from(signature, "hex");
  if (signatureMatches(expected, sign(secret, timestamp, rawBody))) return true;
  const reserialised = reserialise(rawBody);
  return reserialised !== undefined && signatureMatches(expected, sign(secret, timestamp, reserialised));
}

function sign(secret: string, timestamp: string, body: Uint8Array | string): Buffer {
  // Three updates hash the same bytes as the concatenated trace, without copying a large body.
  return createHmac("sha256", secret).update(`[${timestamp};`).update(body).update("]").digest();
}

function signatureMatches(expected: Buffer, actual: Buffer): boolean {
  // timingSafeEqual throws on a length mismatch; both are 32 bytes here, but stay defensive.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The body as crisp-api would sign it, or `undefined` when it is not JSON. */
function reserialise(rawBody: Uint8Array | string): string | undefined {
  const text =
    typeof rawBody === "string"
      ? rawBody
      : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength).toString("utf8");
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}
