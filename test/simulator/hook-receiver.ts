import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { WAIT_MS } from "../support/wait-ms.js";

/** One POST the receiver got, body kept as the raw string so that signatures can be checked on it. */
export interface ReceivedHook {
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

/** How to answer a hook: a status, `"hang-up"` (destroy the connection) or `"never"` (no answer). */
export type HookAnswer = number | "hang-up" | "never";

/** A tiny node:http Web Hooks endpoint, for the simulator to POST to. */
export interface HookReceiver {
  readonly url: string;
  readonly hooks: ReceivedHook[];
  /** Resolves once `count` hooks have arrived; rejects after `timeoutMs`. */
  waitForHooks(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1; `answer` picks the reply to the n-th hook (0-based), 200 by default. */
export async function startHookReceiver(answer: (index: number) => HookAnswer = () => 200): Promise<HookReceiver> {
  const hooks: ReceivedHook[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = answer(hooks.length);
      hooks.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      for (const waiter of [...waiters]) waiter();
      if (reply === "hang-up") request.socket.destroy();
      else if (reply !== "never") response.writeHead(reply, { "Content-Type": "text/plain" }).end(`answer ${reply}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crisp/hooks`,
    hooks,
    waitForHooks: (count, timeoutMs = WAIT_MS) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (hooks.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hooks.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${hooks.length} hooks within ${timeoutMs} ms, expected ${count}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        // Resolves even when already closed: a test may close the receiver to make it unreachable.
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
