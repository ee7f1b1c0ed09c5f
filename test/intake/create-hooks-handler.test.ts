import { afterEach, describe, expect, it } from "vitest";
import { createHooksHandler, type HookOutcome } from "../../src/runtime/intake/create-hooks-handler.js";
import { silentLogger } from "../../src/core/logging/logger.js";
import { MESSAGE_SEND, SESSION, WEBSITE } from "./hook-bodies.js";
import { CLOCK, SECRET, deliver, signHook, startHooksServer, type HooksServer } from "./hooks-test-server.js";

let server: HooksServer | undefined;

async function start(...args: Parameters<typeof startHooksServer>): Promise<HooksServer> {
  server = await startHooksServer(...args);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A promise the test settles by hand, to see what the handler does while `accept` is pending. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe("createHooksHandler: delivery", () => {
  it("answers 200 and hands accept the parsed event when the signature matches", async () => {
    const { url, accepted } = await start();
    const answer = await deliver(url, MESSAGE_SEND);

    expect(answer).toMatchObject({ status: 200, json: { ok: true } });
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.event).toEqual({
      name: "message:send",
      website_id: WEBSITE,
      session_id: SESSION,
      timestamp: 1_700_000_000_000,
      data: expect.objectContaining({ content: "Hello", from: "user" }) as unknown,
    });
    expect(accepted[0]?.meta).toEqual({ receivedAt: CLOCK });
  });

  it("passes the delivery attempt headers to accept", async () => {
    const { url, accepted } = await start();
    const headers = { "X-Delivery-Attempt-Count": "2", "X-Delivery-Attempt-Limit": "3" };
    await deliver(url, MESSAGE_SEND, { headers });
    expect(accepted[0]?.meta).toEqual({ attempt: 2, attemptLimit: 3, receivedAt: CLOCK });
  });

  it("answers only after accept has resolved", async () => {
    const gate = deferred<HookOutcome>();
    const { url } = await start({ accept: () => gate.promise });
    let answered = false;
    const answer = deliver(url, MESSAGE_SEND).finally(() => (answered = true));

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    gate.resolve("accepted");
    expect((await answer).status).toBe(200);
  });

  it("answers 503 so that Crisp retries when accept rejects, and logs why", async () => {
    const { url, lines } = await start({ accept: () => Promise.reject(new Error("store is down")) });
    const answer = await deliver(url, MESSAGE_SEND);

    expect(answer).toMatchObject({ status: 503, json: { ok: false, error: "unavailable" } });
    expect(lines.find((line) => line.startsWith("ERROR"))).toContain("store is down");
  });

  it("answers 200 to an event accept ignores, so that Crisp does not retry it, and logs it", async () => {
    const { url, lines } = await start({ accept: () => Promise.resolve("ignored") });
    const answer = await deliver(url, MESSAGE_SEND);

    expect(answer).toMatchObject({ status: 200, json: { ok: true, ignored: true } });
    expect(lines.some((line) => line.startsWith("INFO  hook ignored") && line.includes(WEBSITE))).toBe(true);
  });

  it("answers 405 to another method and runs nothing", async () => {
    const { url, accepted } = await start();
    const answer = await deliver(url, MESSAGE_SEND, { method: "GET" });

    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
    expect(accepted).toHaveLength(0);
  });

  it("tolerates a wrong content type when the body is JSON", async () => {
    const { url, accepted } = await start();
    const answer = await deliver(url, MESSAGE_SEND, { headers: { "Content-Type": "text/plain" } });

    expect(answer.status).toBe(200);
    expect(accepted).toHaveLength(1);
  });

  it("refuses at creation a handler without a secret or with a senseless limit", () => {
    const base = { secret: SECRET, accept: () => Promise.resolve<HookOutcome>("accepted"), log: silentLogger };
    expect(() => createHooksHandler({ ...base, secret: "" })).toThrow(/secret/);
    expect(() => createHooksHandler({ ...base, maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
    expect(() => createHooksHandler({ ...base, maxSkewMs: -1 })).toThrow(/maxSkewMs/);
  });
});

describe("createHooksHandler: freshness", () => {
  const maxSkewMs = 5 * 60_000;

  it("answers 403 stale to a replay older than maxSkewMs, and runs nothing", async () => {
    const { url, accepted } = await start({ maxSkewMs });
    const answer = await deliver(url, MESSAGE_SEND, { timestamp: String(CLOCK - maxSkewMs - 1) });

    expect(answer).toMatchObject({ status: 403, json: { ok: false, error: "stale" } });
    expect(accepted).toHaveLength(0);
  });

  it("answers 403 stale to a timestamp too far in the future", async () => {
    const { url } = await start({ maxSkewMs });
    const answer = await deliver(url, MESSAGE_SEND, { timestamp: String(CLOCK + maxSkewMs + 1) });
    expect(answer.json).toMatchObject({ error: "stale" });
  });

  it("accepts a timestamp within maxSkewMs, in milliseconds or in seconds", async () => {
    const { url, accepted } = await start({ maxSkewMs });
    expect((await deliver(url, MESSAGE_SEND, { timestamp: String(CLOCK - maxSkewMs) })).status).toBe(200);
    expect((await deliver(url, MESSAGE_SEND, { timestamp: String(CLOCK / 1000 - 60) })).status).toBe(200);
    expect(accepted).toHaveLength(2);
  });

  it("does not check freshness without maxSkewMs", async () => {
    const { url } = await start();
    const timestamp = String(CLOCK - 86_400_000);
    const answer = await deliver(url, MESSAGE_SEND, { timestamp, signature: signHook(MESSAGE_SEND, timestamp) });
    expect(answer.status).toBe(200);
  });
});
