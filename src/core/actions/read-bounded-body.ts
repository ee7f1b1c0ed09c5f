/** Why reading stopped early. */
export class BodyLimitError extends Error {
  constructor(readonly limit: number) {
    super(`answered more than ${String(limit)} bytes`);
    this.name = "BodyLimitError";
  }
}

/**
 * Reads a response body as UTF-8 text, at most `maxBytes` bytes: a `Content-Length` over the cap
 * is refused before reading, and a stream that goes past it is cancelled at once, so a server that
 * streams without end costs at most `maxBytes` of memory. `aborted` rejects when the caller's
 * deadline passes; the read is then cancelled too, whatever the stream does. Throws a
 * {@link BodyLimitError} past the cap.
 */
export async function readBoundedBody(response: Response, maxBytes: number, aborted: Promise<never>): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyLimitError(maxBytes);
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = (await Promise.race([reader.read(), aborted])) as { done: boolean; value?: Uint8Array };
      if (done || value === undefined) break;
      size += value.byteLength;
      if (size > maxBytes) throw new BodyLimitError(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
