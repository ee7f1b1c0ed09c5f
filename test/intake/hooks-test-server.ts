import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CrispEvent } from "../../src/core/engine/crisp-event.js";
import {
  createHooksHandler,
  type HookDelivery,
  type HooksHandlerOptions,
} from "../../src/runtime/intake/create-hooks-handler.js";
import { createLogger } from "../../src/core/logging/logger.js";

/** The hooks signing secret the test server is configured with. */
export const SECRET = "whsec-test-4f1c9a7e2b";
/** The fake clock, and the timestamp header of every delivery unless a test says otherwise. */
export const CLOCK = 1_700_000_000_000;

/** A hooks endpoint on a real `node:http` server, with what reached `accept` and the log. */
export interface HooksServer {
  readonly url: string;
  readonly accepted: { event: CrispEvent; meta: HookDelivery }[];
  readonly lines: string[];
  close(): Promise<void>;
}

/** Starts the handler on 127.0.0.1, port 0; `accept` records and accepts unless overridden. */
export async function startHooksServer(overrides: Partial<HooksHandlerOptions> = {}): Promise<HooksServer> {
  const accepted: HooksServer["accepted"] = [];
  const lines: string[] = [];
  const handler = createHooksHandler({
    secret: SECRET,
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    now: () => CLOCK,
    accept: (event, meta) => {
      accepted.push({ event, meta });
      return Promise.resolve("accepted");
    },
    ...overrides,
  });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, accepted, lines, close: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    }),
  );
}

/** Signs like Crisp, with node:crypto directly: hex HMAC-SHA256 of `[timestamp;body]`. */
export function signHook(body: string | Buffer, timestamp = String(CLOCK), secret = SECRET): string {
  return createHmac("sha256", secret).update(`[${timestamp};`).update(body).update("]").digest("hex");
}

/** How a test delivery differs from a correctly signed one. */
export interface DeliveryOptions {
  /** The timestamp header; `null` leaves it out. */
  readonly timestamp?: string | null;
  /** The signature header; `null` leaves it out. Default: signed over the body as sent. */
  readonly signature?: string | null;
  readonly headers?: Record<string, string>;
  readonly method?: string;
}

/** POSTs `body` as Crisp would and returns the status and the parsed answer. */
export async function deliver(
  url: string,
  body: string | Buffer,
  options: DeliveryOptions = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const timestamp = options.timestamp === undefined ? String(CLOCK) : options.timestamp;
  const signature = options.signature === undefined ? signHook(body, timestamp ?? "") : options.signature;
  const response = await fetch(url, {
    method: options.method ?? "POST",
    headers: {
      "Content-Type": "application/json",
      ...(timestamp === null ? {} : { "X-Crisp-Request-Timestamp": timestamp }),
      ...(signature === null ? {} : { "X-Crisp-Signature": signature }),
      "X-Crisp-Hook-Origin": "plugin/rtm 38b411d9377a6a00 production",
      ...options.headers,
    },
    ...(options.method === "GET" ? {} : { body }),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}
