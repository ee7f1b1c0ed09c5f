import type { IncomingMessage } from "node:http";

/** How long an early answer waits for the rest of the upload before dropping the connection. */
export const LINGER_MS = 2_000;

/**
 * Discards what is left of a request answered early (413), then closes the connection if the
 * upload has not ended within `lingerMs`.
 *
 * Why not destroy at once: closing a socket with unread input makes the kernel send a reset, which
 * can discard the answer before the client reads it; clients then see a socket error instead of
 * the 413. Reading and dropping keeps memory flat while the answer gets through; the deadline
 * bounds how long a client that never stops sending is served.
 */
export function lingerThenClose(request: IncomingMessage, lingerMs: number = LINGER_MS): void {
  const socket = request.socket;
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  // A pending deadline must not keep a process that is shutting down alive.
  timer.unref();
  const stop = (): void => {
    clearTimeout(timer);
  };
  request.once("end", stop);
  socket.once("close", stop);
  // The client may still reset the connection; that is expected here, not a failure to report.
  request.on("error", () => undefined);
  request.resume();
}
