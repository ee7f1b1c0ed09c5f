import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator, type CrispSimulatorOptions } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";

const WEBSITE = "website-1";
const CLOCK = 1_700_000_000_000;
const TEXT = { type: "text", from: "operator", origin: "urn:acme:bot:0", content: "Hello" } as const;

let sim: CrispSimulator | undefined;

async function start(options: CrispSimulatorOptions = {}): Promise<{ sim: CrispSimulator; session: string }> {
  sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE }], now: () => CLOCK, ...options });
  return { sim, session: sim.createConversation(WEBSITE).session_id };
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A request without crisp-api, to see the raw envelope, headers and malformed bodies. */
async function raw(
  target: CrispSimulator,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const { identifier, key } = target.credentials;
  const response = await fetch(`${target.url}/v1/${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${identifier}:${key}`).toString("base64")}`,
      "X-Crisp-Tier": "plugin",
      "Content-Type": "application/json",
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

describe("envelope and credentials", () => {
  it("wraps answers in Crisp's envelope", async () => {
    const { sim } = await start();

    expect(await raw(sim, "GET", "plugin/connect/account")).toMatchObject({
      status: 200,
      json: { error: false, reason: "resolved", data: { plugin_id: sim.pluginId } },
    });
    expect(await raw(sim, "GET", "website/website-other/conversation/session_x/meta")).toMatchObject({
      status: 404,
      json: { error: true, reason: "not_subscribed", data: {} },
    });
  });

  it("refuses other credentials with 401 invalid_session, as crisp-api's plain-object rejection", async () => {
    const { sim } = await start();
    const client = pluginClient(sim, { identifier: sim.credentials.identifier, key: "wrong" });

    await expect(client.plugin.getConnectAccount()).rejects.toEqual({
      reason: "error",
      message: "invalid_session",
      code: 401,
      data: { namespace: "response", message: "Got response error: invalid_session" },
    });
    expect(sim.calls()).toMatchObject([{ route: "getConnectAccount", status: 401 }]);
  });

  it("refuses the right keypair sent without the plugin tier", async () => {
    const { sim } = await start();

    expect((await raw(sim, "GET", "plugin/connect/account", { headers: { "X-Crisp-Tier": "user" } })).status).toBe(401);
  });
});

describe("scopes", () => {
  it("lets a development token (no scopes given) call every route", async () => {
    const { sim, session } = await start();

    await expect(pluginClient(sim).website.getMessagesInConversation(WEBSITE, session)).resolves.toEqual([]);
  });

  it("answers 403 not_allowed where a production token lacks the scope or the access", async () => {
    const { sim, session } = await start({ scopes: [{ scope: "website:conversation:messages", access: ["write"] }] });
    const client = pluginClient(sim);

    await expect(client.website.sendMessageInConversation(WEBSITE, session, TEXT)).resolves.toBeDefined();
    await expect(client.website.getMessagesInConversation(WEBSITE, session)).rejects.toMatchObject({
      code: 403,
      message: "not_allowed",
    });
    await expect(client.website.updateConversationMetas(WEBSITE, session, { segments: ["x"] })).rejects.toMatchObject({
      code: 403,
    });
    await expect(client.plugin.listAllConnectWebsites(1, false, false)).resolves.toHaveLength(1);
  });
});

describe("failure injection", () => {
  it("answers 429 to the next matching call, then succeeds", async () => {
    const { sim, session } = await start();
    const client = pluginClient(sim);
    sim.failNext({ route: "sendMessageInConversation", status: 429 });

    await expect(client.plugin.getConnectAccount()).resolves.toBeDefined();
    await expect(client.website.sendMessageInConversation(WEBSITE, session, TEXT)).rejects.toMatchObject({
      code: 429,
      message: "rate_limited",
    });
    await expect(client.website.sendMessageInConversation(WEBSITE, session, TEXT)).resolves.toBeDefined();
    expect(sim.conversation(WEBSITE, session)?.messages).toHaveLength(1);
  });

  it("fails as many times as asked, with the reason and Retry-After given", async () => {
    const { sim } = await start();
    sim.failNext({ status: 420, reason: "quota_limited", times: 2, retryAfterSeconds: 3 });

    const first = await raw(sim, "GET", "plugin/connect/account");
    const second = await raw(sim, "GET", "plugin/connect/account");
    const third = await raw(sim, "GET", "plugin/connect/account");

    expect(first).toMatchObject({ status: 420, json: { error: true, reason: "quota_limited", data: {} } });
    expect(first.headers.get("retry-after")).toBe("3");
    expect(second.status).toBe(420);
    expect(third.status).toBe(200);
  });

  it("delays answers by the injected delay and the global latency, through the injected sleep", async () => {
    const slept: number[] = [];
    const { sim } = await start({ latencyMs: 30, sleep: (ms) => Promise.resolve(void slept.push(ms)) });
    sim.failNext({ route: "getConnectAccount", delayMs: 250 });

    await expect(pluginClient(sim).plugin.getConnectAccount()).resolves.toEqual({ plugin_id: sim.pluginId });
    expect(slept).toEqual([30, 250]);
  });
});

describe("recording", () => {
  it("records method, path, route, ids, query, body, status and arrival time", async () => {
    const { sim, session } = await start();

    await pluginClient(sim).website.sendMessageInConversation(WEBSITE, session, TEXT);
    await pluginClient(sim).plugin.listAllConnectWebsites(1, true, false);

    expect(sim.calls()).toEqual([
      {
        method: "POST",
        path: `/v1/website/${WEBSITE}/conversation/${session}/message`,
        route: "sendMessageInConversation",
        websiteId: WEBSITE,
        sessionId: session,
        query: {},
        body: TEXT,
        status: 200,
        at: CLOCK,
      },
      expect.objectContaining({
        route: "listAllConnectWebsites",
        websiteId: null,
        query: { filter_configured: "1", include_plan: "0" },
        body: null,
      }),
    ]);
    expect(sim.calls({ route: "listAllConnectWebsites" })).toHaveLength(1);
    sim.clearCalls();
    expect(sim.calls()).toEqual([]);
  });

  it("waitForCall resolves when a matching call arrives", async () => {
    const { sim, session } = await start();
    const waiting = sim.waitForCall((call) => call.route === "sendMessageInConversation" && call.status === 200);

    await pluginClient(sim).plugin.getConnectAccount();
    await pluginClient(sim).website.sendMessageInConversation(WEBSITE, session, TEXT);

    await expect(waiting).resolves.toMatchObject({ sessionId: session, body: TEXT });
  });

  it("waitForCall resolves with a call already recorded, and rejects after its timeout", async () => {
    const { sim } = await start();
    await pluginClient(sim).plugin.getConnectAccount();

    await expect(sim.waitForCall({ route: "getConnectAccount" }, 50)).resolves.toMatchObject({ status: 200 });
    await expect(sim.waitForCall({ route: "sendMessageInConversation" }, 50)).rejects.toThrow(
      "no matching call within 50 ms; recorded: getConnectAccount 200",
    );
  });
});

describe("hostile requests", () => {
  it("answers 413 to a body over the limit and keeps serving", async () => {
    const { sim, session } = await start({ bodyLimitBytes: 1024 });
    const client = pluginClient(sim);

    await expect(
      client.website.sendMessageInConversation(WEBSITE, session, { ...TEXT, content: "x".repeat(5_000) }),
    ).rejects.toMatchObject({ code: 413, message: "payload_too_large" });
    await expect(client.website.sendMessageInConversation(WEBSITE, session, TEXT)).resolves.toBeDefined();
  });

  it("answers 400 invalid_data to malformed JSON and to a body of the wrong shape", async () => {
    const { sim, session } = await start();
    const path = `website/${WEBSITE}/conversation/${session}/meta`;

    expect(await raw(sim, "PATCH", path, { body: '{"nickname": ' })).toMatchObject({
      status: 400,
      json: { error: true, reason: "invalid_data" },
    });
    expect((await raw(sim, "PATCH", path, { body: "[1, 2]" })).status).toBe(400);
    expect((await raw(sim, "GET", path)).status).toBe(200);
  });

  it("answers 400 invalid_data to a deeply nested body and keeps the settings it had", async () => {
    const { sim } = await start();
    const nested = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
    const path = `plugins/subscription/${WEBSITE}/${sim.pluginId}/settings`;

    expect(await raw(sim, "PATCH", path, { body: nested })).toMatchObject({
      status: 400,
      json: { reason: "invalid_data", data: { message: "the body nests deeper than 64 levels" } },
    });
    expect(sim.website(WEBSITE)?.settings).toEqual({});
  });

  it("answers 404 route_not_found to a route it does not simulate, recorded as unknown", async () => {
    const { sim } = await start();

    expect(await raw(sim, "GET", `website/${WEBSITE}/visitors/list/1`)).toMatchObject({
      status: 404,
      json: { reason: "route_not_found" },
    });
    expect(sim.calls()).toMatchObject([{ route: "unknown", websiteId: null, status: 404 }]);
  });
});

describe("closing", () => {
  it("stops answering, rejects pending waits, abandons delayed requests, and can be called twice", async () => {
    let delayStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => (delayStarted = resolve));
    // A sleep that only ends when the simulator closes, like a delay longer than the test.
    const sleep = (_ms: number, signal: AbortSignal): Promise<void> =>
      new Promise((_resolve, reject) => {
        delayStarted();
        signal.addEventListener("abort", () => {
          reject(new Error("aborted"));
        });
      });
    const { sim } = await start({ sleep });
    const client = pluginClient(sim);
    sim.failNext({ route: "getConnectAccount", delayMs: 60_000 });
    const delayed = client.plugin.getConnectAccount();
    const waiting = sim.waitForCall({ route: "sendMessageInConversation" }, 60_000);
    await started;

    await sim.close();
    await sim.close();

    await expect(waiting).rejects.toThrow("closed");
    await expect(delayed).rejects.toMatchObject({ code: 500, message: "internal_error" });
    await expect(client.plugin.getConnectAccount()).rejects.toMatchObject({ message: "internal_error" });
  });
});
