import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { sendHook, type HookBody } from "../../src/devkit/simulator/send-hook.js";
import { SIMULATOR_DEFAULTS } from "../../src/devkit/simulator/simulator-defaults.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { startHookReceiver, type HookReceiver, type ReceivedHook } from "./hook-receiver.js";

const SECRET = "hooks-signing-secret";
const BODY: HookBody = {
  website_id: "website-1",
  event: "message:send",
  data: { website_id: "website-1", session_id: "session_1", type: "text", content: "Hello" },
  timestamp: 1_700_000_000_123,
};

let receiver: HookReceiver | undefined;
let sim: CrispSimulator | undefined;

async function receive(): Promise<HookReceiver> {
  receiver = await startHookReceiver();
  return receiver;
}

afterEach(async () => {
  await receiver?.close();
  await sim?.close();
  receiver = undefined;
  sim = undefined;
});

/** Verifies as Crisp documents it, independently of the simulator's code: HMAC over the raw body. */
function signatureMatches(hook: ReceivedHook, secret = SECRET, rawBody = hook.rawBody): boolean {
  const header = hook.headers["x-crisp-signature"];
  if (typeof header !== "string") return false;
  const timestamp = String(hook.headers["x-crisp-request-timestamp"]);
  const expected = createHmac("sha256", secret).update(`[${timestamp};${rawBody}]`).digest();
  const given = Buffer.from(header, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("sendHook", () => {
  it("POSTs the JSON body with Crisp's headers and a signature verifiable over the raw body", async () => {
    const target = await receive();

    const response = await sendHook(target.url, SECRET, BODY, { attempt: 2, attemptLimit: 5, pluginId: "plugin-42" });

    const [hook] = await target.waitForHooks(1);
    expect(response).toEqual({ status: 200, body: "answer 200" });
    expect(hook?.rawBody).toBe(JSON.stringify(BODY));
    expect(hook?.headers).toMatchObject({
      "content-type": "application/json",
      "x-crisp-request-timestamp": String(BODY.timestamp),
      "x-crisp-hook-origin": "plugin/rtm plugin-42 development",
      "x-delivery-attempt-count": "2",
      "x-delivery-attempt-limit": "5",
    });
    expect(hook?.headers["x-crisp-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(hook !== undefined && signatureMatches(hook)).toBe(true);
    expect(hook !== undefined && signatureMatches(hook, "another-secret")).toBe(false);
  });

  it("counts the first attempt of three and names the simulator's plugin by default", async () => {
    const target = await receive();

    await sendHook(target.url, SECRET, BODY);

    expect(target.hooks[0]?.headers).toMatchObject({
      "x-delivery-attempt-count": "1",
      "x-delivery-attempt-limit": "3",
      "x-crisp-hook-origin": `plugin/rtm ${SIMULATOR_DEFAULTS.pluginId} development`,
    });
  });

  it("answers whatever status and body the receiver gives, errors included", async () => {
    receiver = await startHookReceiver(() => 403);

    expect(await sendHook(receiver.url, SECRET, BODY)).toEqual({ status: 403, body: "answer 403" });
  });

  it("signs the request timestamp it is given rather than the body's, for freshness checks", async () => {
    const target = await receive();

    await sendHook(target.url, SECRET, BODY, { timestamp: 42 });

    const hook = target.hooks[0];
    expect(hook?.headers["x-crisp-request-timestamp"]).toBe("42");
    expect(hook !== undefined && signatureMatches(hook)).toBe(true);
  });

  it("sends and signs a raw body verbatim, which a verifier that re-stringifies the parsed body gets wrong", async () => {
    const target = await receive();
    const rawBody = '{"website_id":"website-1","event":"message:send","data":{"content":"caf\\u00e9"},"timestamp":1}';

    await sendHook(target.url, SECRET, BODY, { rawBody });

    const hook = target.hooks[0];
    expect(hook?.rawBody).toBe(rawBody);
    expect(hook !== undefined && signatureMatches(hook)).toBe(true);
    const restringified = JSON.stringify(JSON.parse(rawBody));
    expect(hook !== undefined && signatureMatches(hook, SECRET, restringified)).toBe(false);
  });

  describe("tampering", () => {
    it("sends a well-formed signature that does not match with tamper: signature", async () => {
      const target = await receive();

      await sendHook(target.url, SECRET, BODY, { tamper: "signature" });

      const hook = target.hooks[0];
      expect(hook?.headers["x-crisp-signature"]).toMatch(/^[0-9a-f]{64}$/);
      expect(hook?.rawBody).toBe(JSON.stringify(BODY));
      expect(hook !== undefined && signatureMatches(hook)).toBe(false);
    });

    it("signs the honest body but sends an altered one with tamper: body", async () => {
      const target = await receive();

      await sendHook(target.url, SECRET, BODY, { tamper: "body" });

      const hook = target.hooks[0];
      expect(JSON.parse(hook?.rawBody ?? "{}")).toMatchObject({ data: { tampered: true } });
      expect(hook !== undefined && signatureMatches(hook)).toBe(false);
      expect(hook !== undefined && signatureMatches(hook, SECRET, JSON.stringify(BODY))).toBe(true);
    });

    it("leaves X-Crisp-Signature out with tamper: missing-signature", async () => {
      const target = await receive();

      await sendHook(target.url, SECRET, BODY, { tamper: "missing-signature" });

      expect(target.hooks[0]?.headers).not.toHaveProperty("x-crisp-signature");
      expect(target.hooks[0]?.headers).toHaveProperty("x-crisp-request-timestamp");
    });
  });

  it("rejects when nothing answers", async () => {
    const target = await receive();
    await target.close();

    await expect(sendHook(target.url, SECRET, BODY)).rejects.toThrow("fetch failed");
  });

  it("names the simulator's own plugin when sent from a simulator", async () => {
    const target = await receive();
    sim = await startCrispSimulator({ pluginId: "plugin-from-sim" });

    await sim.sendHook(target.url, SECRET, BODY);

    expect(target.hooks[0]?.headers["x-crisp-hook-origin"]).toBe("plugin/rtm plugin-from-sim development");
  });
});
