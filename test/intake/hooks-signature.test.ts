import { afterEach, describe, expect, it } from "vitest";
import { MESSAGE_SEND, REORDERED_ON_RESERIALISE } from "./hook-bodies.js";
import { CLOCK, SECRET, deliver, signHook, startHooksServer, type HooksServer } from "./hooks-test-server.js";

let server: HooksServer | undefined;

async function start(): Promise<HooksServer> {
  server = await startHooksServer();
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createHooksHandler: signature", () => {
  it("answers 403 and runs nothing when the signature does not match", async () => {
    const { url, accepted } = await start();
    const answer = await deliver(url, MESSAGE_SEND, { signature: signHook(MESSAGE_SEND, String(CLOCK), "other") });

    expect(answer).toMatchObject({ status: 403, json: { ok: false, error: "bad_signature" } });
    expect(accepted).toHaveLength(0);
  });

  it("answers 403 when the signature or the timestamp header is missing", async () => {
    const { url, accepted } = await start();
    expect((await deliver(url, MESSAGE_SEND, { signature: null })).status).toBe(403);
    expect((await deliver(url, MESSAGE_SEND, { timestamp: null, signature: signHook(MESSAGE_SEND) })).status).toBe(403);
    expect(accepted).toHaveLength(0);
  });

  it("answers 403, not 500, to a signature of the wrong length or not hex", async () => {
    const { url, accepted } = await start();
    const good = signHook(MESSAGE_SEND);
    for (const signature of [good.slice(0, 40), `${good}ab`, "g".repeat(64), `${good}, ${good}`])
      expect((await deliver(url, MESSAGE_SEND, { signature })).status).toBe(403);
    expect(accepted).toHaveLength(0);
  });

  it("verifies the raw bytes when re-serialising would reorder keys and drop escapes", async () => {
    expect(JSON.stringify(JSON.parse(REORDERED_ON_RESERIALISE))).not.toBe(REORDERED_ON_RESERIALISE);
    const { url, accepted } = await start();
    const answer = await deliver(url, REORDERED_ON_RESERIALISE);

    expect(answer.status).toBe(200);
    expect(accepted[0]?.event.data).toMatchObject({ "10": "ten", "2": "two", content: "café / http://example.com" });
  });

  it("verifies through the fallback a body signed over its re-serialised form", async () => {
    const { url, accepted } = await start();
    const signature = signHook(JSON.stringify(JSON.parse(REORDERED_ON_RESERIALISE)));
    const answer = await deliver(url, REORDERED_ON_RESERIALISE, { signature });

    expect(answer.status).toBe(200);
    expect(accepted).toHaveLength(1);
  });

  it("answers 403 when the body was changed after signing", async () => {
    const { url, accepted } = await start();
    const signature = signHook(MESSAGE_SEND);
    const answer = await deliver(url, MESSAGE_SEND.replace('"Hello"', '"Hellp"'), { signature });

    expect(answer.status).toBe(403);
    expect(accepted).toHaveLength(0);
  });

  it("warns on a refused signature and never logs the secret, the signature or the body", async () => {
    const { url, lines } = await start();
    const forged = signHook(MESSAGE_SEND, String(CLOCK), "guessed-secret");
    const good = signHook(MESSAGE_SEND);
    await deliver(url, MESSAGE_SEND, { signature: forged });
    await deliver(url, MESSAGE_SEND, { signature: null });
    await deliver(url, MESSAGE_SEND, { signature: good.slice(0, 10) });
    await deliver(url, MESSAGE_SEND);

    expect(lines.filter((line) => line.startsWith("WARN  hook refused (403)"))).toHaveLength(3);
    const log = lines.join("\n");
    for (const secret of [SECRET, forged, good, good.slice(0, 10), "Hello"]) expect(log).not.toContain(secret);
  });
});
