import { describe, expect, it } from "vitest";
import { verifySignature } from "../../src/runtime/intake/verify-signature.js";
import { MESSAGE_SEND, REORDERED_ON_RESERIALISE, TRUNCATED } from "./hook-bodies.js";
import { CLOCK, SECRET, signHook } from "./hooks-test-server.js";

const TIMESTAMP = String(CLOCK);

function check(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}): boolean {
  return verifySignature({
    secret: SECRET,
    timestamp: TIMESTAMP,
    signature: signHook(MESSAGE_SEND),
    rawBody: MESSAGE_SEND,
    ...overrides,
  });
}

describe("verifySignature", () => {
  it("accepts a signature over the raw body, given as bytes or as text", () => {
    expect(check()).toBe(true);
    expect(check({ rawBody: Buffer.from(MESSAGE_SEND) })).toBe(true);
  });

  it("accepts upper-case hex, as a hex decoder does", () => {
    expect(check({ signature: signHook(MESSAGE_SEND).toUpperCase() })).toBe(true);
  });

  it("verifies the raw bytes when re-serialising would change them", () => {
    expect(JSON.stringify(JSON.parse(REORDERED_ON_RESERIALISE))).not.toBe(REORDERED_ON_RESERIALISE);
    const rawBody = Buffer.from(REORDERED_ON_RESERIALISE);
    expect(check({ rawBody, signature: signHook(rawBody) })).toBe(true);
  });

  it("falls back to JSON.stringify of the parsed body, the form crisp-api signs", () => {
    const reserialised = JSON.stringify(JSON.parse(REORDERED_ON_RESERIALISE));
    expect(check({ rawBody: REORDERED_ON_RESERIALISE, signature: signHook(reserialised) })).toBe(true);
  });

  it("refuses another secret, another timestamp or another body", () => {
    expect(check({ signature: signHook(MESSAGE_SEND, TIMESTAMP, "another-secret") })).toBe(false);
    expect(check({ timestamp: String(CLOCK + 1) })).toBe(false);
    expect(check({ rawBody: MESSAGE_SEND.replace("Hello", "Hellp") })).toBe(false);
  });

  it("is false, without throwing, when the secret, timestamp or signature is missing or empty", () => {
    expect(check({ secret: undefined })).toBe(false);
    expect(check({ secret: "" })).toBe(false);
    expect(check({ timestamp: undefined })).toBe(false);
    expect(check({ timestamp: "" })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
    expect(check({ signature: "" })).toBe(false);
  });

  it("is false, without throwing, for a signature of the wrong length or not hex", () => {
    const good = signHook(MESSAGE_SEND);
    expect(check({ signature: good.slice(0, 62) })).toBe(false);
    expect(check({ signature: `${good}00` })).toBe(false);
    expect(check({ signature: `${good.slice(0, 63)}g` })).toBe(false);
    expect(check({ signature: "z".repeat(64) })).toBe(false);
    expect(check({ signature: `${good}, ${good}` })).toBe(false);
  });

  it("is false for a timestamp that is not a number, as crisp-api", () => {
    const timestamp = "yesterday";
    expect(check({ timestamp, signature: signHook(MESSAGE_SEND, timestamp) })).toBe(false);
  });

  it("is false, without throwing, for a body that is not JSON and does not match", () => {
    expect(check({ rawBody: TRUNCATED })).toBe(false);
  });
});
