import { once } from "node:events";
import { request, type IncomingMessage } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HookOutcome } from "../../src/runtime/intake/create-hooks-handler.js";
import { LINGER_MS } from "../../src/runtime/intake/linger-then-close.js";
import { ARRAY, MESSAGE_SEND, NO_WEBSITE, TRUNCATED, UNKNOWN_EVENT } from "./hook-bodies.js";
import { CLOCK, deliver, signHook, startHooksServer, type HooksServer } from "./hooks-test-server.js";

let server: HooksServer | undefined;

async function start(...args: Parameters<typeof startHooksServer>): Promise<HooksServer> {
  server = await startHooksServer(...args);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Opens a signed POST with `node:http`, so that a test can stop it half-way as a client would. */
function openDelivery(url: string, declaredLength: number): ReturnType<typeof request> {
  const client = request(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Content-Length": declaredLength,
      "X-Crisp-Request-Timestamp": String(CLOCK),
      "X-Crisp-Signature": signHook(MESSAGE_SEND),
    },
  });
  // The reset this test provokes surfaces here; it is the point, not a failure.
  client.on("error", () => undefined);
  return client;
}

describe("createHooksHandler: malformed bodies", () => {
  it.each([
    ["malformed JSON", TRUNCATED, "the body is not JSON"],
    ["an array", ARRAY, "the body is not a JSON object"],
    ["an unknown event", UNKNOWN_EVENT, '"message:sent" is not a Crisp RTM event'],
    ["no website_id", NO_WEBSITE, "`website_id` is missing"],
  ])("answers 400 with the reason to a signed body with %s, and runs nothing", async (_, body, reason) => {
    const { url, accepted } = await start();
    const answer = await deliver(url, body);

    expect(answer).toMatchObject({ status: 400, json: { ok: false, error: "malformed_event", reason } });
    expect(accepted).toHaveLength(0);
  });
});

describe("createHooksHandler: body size", () => {
  it("answers 413 to a body announced over the limit, and stays usable", async () => {
    const { url, accepted } = await start();
    const huge = Buffer.alloc(2 * 1024 * 1024 + 1, " ");

    expect((await deliver(url, huge)).status).toBe(413);
    expect(accepted).toHaveLength(0);
    expect((await deliver(url, MESSAGE_SEND)).status).toBe(200);
  });

  it("answers 413 to a streamed body as soon as it passes the limit, before the upload ends", async () => {
    const { url, accepted } = await start({ maxBodyBytes: 1024 });
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const total = 256 * 1024 * 1024;
    let sent = 0;
    let answered = false;
    // Without Content-Length the handler has to count; 256 MiB is far more than it may hold.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (answered || sent >= total) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await fetch(url, { method: "POST", body, duplex: "half" });
    answered = true;

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: "body_too_large" });
    expect(sent).toBeLessThan(total / 4);
    expect(accepted).toHaveLength(0);
  });

  it("answers 413 first, then drops a client that keeps sending past the limit", async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const client = openDelivery(url, 1024 * 1024 * 1024);
    const answered = once(client, "response") as Promise<[IncomingMessage]>;
    // Not `once`: it would reject on the reset that ends this connection, which is expected here.
    const closed = new Promise<number>((resolve) => {
      client.on("close", () => {
        resolve(Date.now());
      });
    });
    const chunk = Buffer.alloc(16 * 1024, " ");
    const pump = setInterval(() => client.write(chunk), 5);
    const started = Date.now();

    try {
      expect((await answered)[0].statusCode).toBe(413);
      const lingered = (await closed) - started;
      expect(lingered).toBeGreaterThanOrEqual(LINGER_MS - 100);
      expect(lingered).toBeLessThan(LINGER_MS + 1_000);
    } finally {
      clearInterval(pump);
    }
  });

  it("keeps running when a client goes away mid-body", async () => {
    const { url, lines, accepted } = await start();
    const client = openDelivery(url, Buffer.byteLength(MESSAGE_SEND));
    client.write(MESSAGE_SEND.slice(0, 40));
    await vi.waitFor(() => {
      expect(client.socket?.bytesWritten).toBeGreaterThan(40);
    });
    client.destroy();

    await vi.waitFor(() => {
      expect(lines.some((line) => line.includes("hook dropped"))).toBe(true);
    });
    expect(accepted).toHaveLength(0);
    expect((await deliver(url, MESSAGE_SEND)).status).toBe(200);
  });

  it("keeps running when a client goes away while accept is pending", async () => {
    let release: (outcome: HookOutcome) => void = () => undefined;
    let calls = 0;
    const { url, lines } = await start({
      accept: () => {
        calls += 1;
        return calls === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve("accepted");
      },
    });
    const client = openDelivery(url, Buffer.byteLength(MESSAGE_SEND));
    client.end(MESSAGE_SEND);
    await vi.waitFor(() => {
      expect(calls).toBe(1);
    });
    client.destroy();
    release("accepted");

    await vi.waitFor(() => {
      expect(lines.some((line) => line.startsWith("DEBUG hook accepted"))).toBe(true);
    });
    expect((await deliver(url, MESSAGE_SEND)).status).toBe(200);
  });
});
