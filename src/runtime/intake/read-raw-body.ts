import type { IncomingMessage } from "node:http";

/** A request body as bytes, or why there is none: too large, or the client went away mid-body. */
export type RawBody =
  { readonly kind: "complete"; readonly bytes: Buffer } | { readonly kind: "too_large" } | { readonly kind: "aborted" };

/**
 * Reads the body of `request` into one buffer of at most `maxBytes`, byte for byte, since the
 * signature covers the bytes as sent. Settles `too_large` as soon as the limit is passed (or at once
 * when `Content-Length` already says so) and keeps nothing more, so memory stays bounded; the rest
 * of the upload is the caller's to discard (see `lingerThenClose`). Never rejects.
 */
export function readRawBody(request: IncomingMessage, maxBytes: number): Promise<RawBody> {
  if (declaredLength(request) > maxBytes) return Promise.resolve({ kind: "too_large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: RawBody): void => {
      request.off("data", onData).off("end", onEnd).off("close", onAbort).off("error", onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) settle({ kind: "too_large" });
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      settle({ kind: "complete", bytes: Buffer.concat(chunks, size) });
    };
    // "close" before "end", or "error", means the client reset or closed the connection mid-body.
    const onAbort = (): void => {
      settle({ kind: "aborted" });
    };
    request.on("data", onData).on("end", onEnd).on("close", onAbort).on("error", onAbort);
  });
}

/** The `Content-Length` the client announced, or 0 when absent (chunked) or unreadable. */
function declaredLength(request: IncomingMessage): number {
  const length = Number(request.headers["content-length"]);
  return Number.isFinite(length) ? length : 0;
}
