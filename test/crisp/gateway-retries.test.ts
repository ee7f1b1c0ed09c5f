import { afterEach, describe, expect, it } from "vitest";
import { decideRetry, parseRetryAfter, RETRY_DEFAULTS } from "../../src/runtime/crisp/decide-retry.js";
import { KitError } from "../../src/core/errors/kit-error.js";
import { rejectionOf, SESSION, startRetryWorld, WEBSITE, type RetryWorld } from "./retry-world.js";

let world: RetryWorld | undefined;

async function start(options?: Parameters<typeof startRetryWorld>[0]): Promise<RetryWorld> {
  world = await startRetryWorld(options);
  return world;
}

afterEach(async () => {
  await world?.sim.close();
  world = undefined;
});

const STATE_ROUTE = "changeConversationState";

describe("the gateway's retries over the simulator", () => {
  it("retries a 420 once, after a jittered backoff, then succeeds", async () => {
    const { sim, rest, sleeps, retries } = await start();
    sim.failNext({ route: STATE_ROUTE, status: 420, retryAfterSeconds: 0 });
    sim.failNext({ route: STATE_ROUTE, status: 500 });

    await rest.changeState(WEBSITE, SESSION, "resolved", "urn:x");

    expect(sim.calls({ route: STATE_ROUTE }).map((call) => call.status)).toEqual([420, 500, 200]);
    expect(sleeps).toEqual([0, 250]);
    expect(retries).toMatchObject([
      { route: STATE_ROUTE, websiteId: WEBSITE, attempt: 1, delayMs: 0 },
      { route: STATE_ROUTE, websiteId: WEBSITE, attempt: 2, delayMs: 250 },
    ]);
    expect(retries[0]?.error.kind).toBe("rate-limited");
    expect(sim.conversation(WEBSITE, SESSION)?.state).toBe("resolved");
  });

  it("does not retry a 429 without Retry-After: the daily quota is spent, and later calls wait without asking", async () => {
    const now = Date.parse("2025-03-02T12:00:00Z");
    const { sim, rest, gateway, sleeps } = await start({ client: { now: () => now } });
    sim.failNext({ route: STATE_ROUTE, status: 429 });

    const error = await rejectionOf(rest.changeState(WEBSITE, SESSION, "resolved", "urn:x"));

    expect(error).toMatchObject({
      code: "CRISP_REQUEST_FAILED",
      kind: "rate-limited",
      context: { quota: "spent", retryAfterMs: 12 * 3_600_000 },
    });
    expect(sleeps).toEqual([]);
    expect(gateway.quotaPausedUntil()).toBe(Date.parse("2025-03-03T00:00:00Z"));
    await expect(rest.getMeta(WEBSITE, SESSION)).rejects.toMatchObject({ context: { quota: "spent" } });
    expect(sim.calls()).toHaveLength(1);
  });

  it("passes on an error of its own path as it is, without retrying it as Crisp's", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'increment')");
    const { sim, rest, retries } = await start({
      retry: {
        onAttempt: () => {
          throw bug;
        },
      },
    });

    await expect(rest.changeState(WEBSITE, SESSION, "resolved", "urn:x")).rejects.toBe(bug);

    expect(retries).toEqual([]);
    expect(sim.calls()).toHaveLength(0);
  });

  it("leaves globalThis.fetch alone", async () => {
    const before = globalThis.fetch;
    const { rest } = await start();

    await rest.getMeta(WEBSITE, SESSION);

    expect(globalThis.fetch).toBe(before);
  });

  it("waits what Retry-After says instead of its own backoff", async () => {
    const { sim, rest, sleeps } = await start();
    sim.failNext({ route: STATE_ROUTE, status: 420, retryAfterSeconds: 7, times: 2 });

    await rest.changeState(WEBSITE, SESSION, "resolved", "urn:x");

    expect(sleeps).toEqual([7_000, 7_000]);
    expect(sim.calls({ route: STATE_ROUTE })).toHaveLength(3);
  });

  it("gives up at once, saying how long Crisp asked to wait, when Retry-After is past the cap", async () => {
    const { sim, rest, sleeps } = await start();
    sim.failNext({ route: STATE_ROUTE, status: 429, retryAfterSeconds: 120 });

    const error = await rejectionOf(rest.changeState(WEBSITE, SESSION, "resolved", "urn:x"));

    expect(error).toBeInstanceOf(KitError);
    expect(error).toMatchObject({
      code: "CRISP_REQUEST_FAILED",
      kind: "rate-limited",
      context: { attempts: 1, retryAfterMs: 120_000, status: 429 },
    });
    expect((error as KitError).message).toContain("Crisp asks to wait 120 s, longer than the 60 s waited in place");
    expect(sleeps).toEqual([]);
    expect(sim.calls({ route: STATE_ROUTE })).toHaveLength(1);
  });

  it("retries 500s under an exponential ceiling, then succeeds", async () => {
    const { sim, rest, sleeps } = await start({ retry: { random: () => 0.999 } });
    sim.failNext({ route: STATE_ROUTE, status: 500, times: 3 });

    await rest.changeState(WEBSITE, SESSION, "unresolved", "urn:x");

    expect(sleeps).toEqual([249, 499, 999]);
    expect(sim.calls({ route: STATE_ROUTE }).map((call) => call.status)).toEqual([500, 500, 500, 200]);
  });

  it("never waits longer than the cap", async () => {
    const { sim, rest, sleeps } = await start({ retry: { random: () => 0.999, attempts: 7, capMs: 1_000 } });
    sim.failNext({ route: STATE_ROUTE, status: 503, times: 6 });

    await rest.changeState(WEBSITE, SESSION, "unresolved", "urn:x");

    expect(sleeps).toEqual([249, 499, 999, 999, 999, 999]);
  });

  it("fails with its kind and the number of attempts once they are spent", async () => {
    const { sim, rest, sleeps, attempts } = await start();
    sim.failNext({ route: STATE_ROUTE, status: 503, times: 5 });

    const error = await rejectionOf(rest.changeState(WEBSITE, SESSION, "resolved", "urn:x"));

    expect(error).toMatchObject({
      code: "CRISP_REQUEST_FAILED",
      kind: "retryable",
      context: { attempts: 5, status: 503, websiteId: WEBSITE, route: STATE_ROUTE },
    });
    expect((error as KitError).message).toContain("gave up after 5 attempts");
    expect(sleeps).toHaveLength(4);
    expect(attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(sim.calls({ route: STATE_ROUTE })).toHaveLength(5);
  });

  it.each([403, 404])("does not retry a %i", async (status) => {
    const { sim, rest, sleeps } = await start();
    sim.failNext({ route: STATE_ROUTE, status });

    const error = await rejectionOf(rest.changeState(WEBSITE, SESSION, "resolved", "urn:x"));

    expect(error).toMatchObject({ kind: "unrecoverable", context: { attempts: 1, status } });
    expect(sleeps).toEqual([]);
    expect(sim.calls({ route: STATE_ROUTE })).toHaveLength(1);
  });

  it("does not retry a website that uninstalled the plugin (404 not_subscribed)", async () => {
    const { sim, rest } = await start();
    sim.uninstall(WEBSITE);

    const error = await rejectionOf(rest.getMeta(WEBSITE, SESSION));

    expect(error).toMatchObject({ kind: "unrecoverable", context: { attempts: 1, reason: "not_subscribed" } });
    expect(sim.calls({ route: "getConversationMetas" })).toHaveLength(1);
  });

  it("retries a timeout, the client having given up on a late answer", async () => {
    const { sim, rest, sleeps } = await start({ client: { timeoutMs: 100 } });
    sim.failNext({ route: "getConversationMetas", delayMs: 400 });

    await expect(rest.getMeta(WEBSITE, SESSION)).resolves.toMatchObject({ segments: [] });

    expect(sleeps).toEqual([125]);
  });
});

describe("decideRetry", () => {
  const rateLimited = (retryAfter?: string) =>
    new KitError("CRISP_REQUEST_FAILED", "x", {
      kind: "rate-limited",
      context: retryAfter === undefined ? {} : { retryAfter },
    });
  const now = Date.parse("2025-03-01T12:00:00Z");

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter("Sat, 01 Mar 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sat, 01 Mar 2025 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it("hands on a wait only when it is past the cap: attempts used up on a short wait are a plain failure", () => {
    expect(decideRetry(rateLimited("0"), RETRY_DEFAULTS.attempts, RETRY_DEFAULTS, () => 0.5, now)).toEqual({
      retry: false,
    });
    expect(decideRetry(rateLimited("120"), RETRY_DEFAULTS.attempts, RETRY_DEFAULTS, () => 0.5, now)).toEqual({
      retry: false,
      retryAfterMs: 120_000,
    });
  });

  it("falls back to the backoff when Retry-After is unreadable", () => {
    expect(decideRetry(rateLimited("soon"), 2, RETRY_DEFAULTS, () => 0.5, now)).toEqual({ retry: true, delayMs: 250 });
    expect(decideRetry(rateLimited("Sat, 01 Mar 2025 12:00:30 GMT"), 1, RETRY_DEFAULTS, () => 0.5, now)).toEqual({
      retry: true,
      delayMs: 30_000,
    });
  });
});
