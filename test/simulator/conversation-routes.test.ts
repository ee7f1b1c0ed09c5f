import type { Crisp } from "crisp-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";

const WEBSITE = "website-1";
const URN = "urn:acme:auto-responder:0";

let clock = 1_700_000_000_000;
let sim: CrispSimulator;
let client: Crisp;
let session: string;

beforeEach(async () => {
  clock = 1_700_000_000_000;
  sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE }], now: () => clock });
  client = pluginClient(sim);
  session = sim.createConversation(WEBSITE, {
    meta: { nickname: "Ann", segments: ["vip"], data: { plan: "free" } },
  }).session_id;
});

afterEach(async () => {
  await sim.close();
});

describe("messages", () => {
  it("stores a sent message with a new fingerprint, keeping origin, from, type, content, user and stealth", async () => {
    const user = { type: "participant", nickname: "Bot" };
    const sent = (await client.website.sendMessageInConversation(WEBSITE, session, {
      type: "text",
      from: "operator",
      origin: URN,
      content: "Hello",
      user,
      stealth: true,
    })) as { fingerprint: number };

    expect(sent.fingerprint).toEqual(expect.any(Number));
    expect(sim.conversation(WEBSITE, session)?.messages).toEqual([
      expect.objectContaining({
        fingerprint: sent.fingerprint,
        type: "text",
        from: "operator",
        origin: URN,
        content: "Hello",
        user,
        stealth: true,
        timestamp: clock,
      }),
    ]);
  });

  it("keeps the fingerprint the sender chose", async () => {
    await client.website.sendMessageInConversation(WEBSITE, session, {
      type: "note",
      from: "operator",
      origin: URN,
      content: "internal",
      fingerprint: 42,
    });

    expect(sim.conversation(WEBSITE, session)?.messages[0]?.fingerprint).toBe(42);
  });

  it("answers 400 invalid_data, with the reason in data.message, for a message without origin", async () => {
    const message = { type: "text", from: "operator", content: "Hello" } as unknown as Parameters<
      Crisp["website"]["sendMessageInConversation"]
    >[2];

    await expect(client.website.sendMessageInConversation(WEBSITE, session, message)).rejects.toMatchObject({
      code: 400,
      message: "invalid_data",
      data: { message: expect.stringContaining("origin") as unknown },
    });
    expect(sim.conversation(WEBSITE, session)?.messages).toEqual([]);
  });

  it("lists messages oldest first, and only those before a timestamp when asked", async () => {
    for (const content of ["one", "two", "three"]) {
      sim.addMessage(WEBSITE, session, { type: "text", from: "user", origin: "chat", content });
      clock += 1_000;
    }

    const all = await client.website.getMessagesInConversation(WEBSITE, session);
    const before = await client.website.getMessagesInConversation(WEBSITE, session, 1_700_000_001_500);

    expect(all.map((message) => message.content)).toEqual(["one", "two", "three"]);
    expect(before.map((message) => message.content)).toEqual(["one", "two"]);
  });

  it("marks the other side's messages read with the reader's origin", async () => {
    const visitor = sim.addMessage(WEBSITE, session, { type: "text", from: "user", origin: "chat", content: "Hi" });
    sim.addMessage(WEBSITE, session, { type: "text", from: "operator", origin: URN, content: "Hello" });

    await client.website.markMessagesReadInConversation(WEBSITE, session, {
      from: "operator",
      origin: URN,
      fingerprints: [visitor.fingerprint],
    });

    expect(sim.conversation(WEBSITE, session)?.messages.map((message) => message.read)).toEqual([URN, undefined]);
  });
});

describe("conversation and metas", () => {
  it("answers the conversation with its state, metas and last message", async () => {
    sim.addMessage(WEBSITE, session, { type: "text", from: "user", origin: "chat", content: "Hi" });

    const conversation = await client.website.getConversation(WEBSITE, session);

    expect(conversation).toMatchObject({
      session_id: session,
      website_id: WEBSITE,
      state: "pending",
      is_blocked: false,
      last_message: "Hi",
      meta: { nickname: "Ann", segments: ["vip"], data: { plan: "free" } },
    });
  });

  it("merges metas: text fields and segments replace, data keys merge", async () => {
    await client.website.updateConversationMetas(WEBSITE, session, {
      email: "ann@example.com",
      segments: ["after-hours"],
      data: { answered: true },
    });

    expect(await client.website.getConversationMetas(WEBSITE, session)).toEqual({
      nickname: "Ann",
      email: "ann@example.com",
      segments: ["after-hours"],
      data: { plan: "free", answered: true },
    });
  });

  it("refuses a meta Crisp does not have, and data that is not flat, leaving the metas unchanged", async () => {
    const typo = { segmnts: ["x"] } as unknown as Parameters<Crisp["website"]["updateConversationMetas"]>[2];
    const nested = { data: { deep: { no: 1 } } } as unknown as Parameters<
      Crisp["website"]["updateConversationMetas"]
    >[2];

    await expect(client.website.updateConversationMetas(WEBSITE, session, typo)).rejects.toMatchObject({ code: 400 });
    await expect(client.website.updateConversationMetas(WEBSITE, session, nested)).rejects.toMatchObject({ code: 400 });
    expect(sim.conversation(WEBSITE, session)?.meta.data).toEqual({ plan: "free" });
  });

  it("creates a conversation and answers its session_id", async () => {
    const created = await client.website.createNewConversation(WEBSITE);

    expect(sim.conversation(WEBSITE, created.session_id ?? "")).toMatchObject({ state: "pending" });
  });

  it("answers HEAD for a known conversation and 404 for an unknown one", async () => {
    await expect(client.website.checkConversationExists(WEBSITE, session)).resolves.toEqual({});
    // crisp-api cannot read a reason from a HEAD answer, so it says "route_error".
    await expect(client.website.checkConversationExists(WEBSITE, "session_nope")).rejects.toMatchObject({
      code: 404,
      message: "route_error",
    });
  });
});

describe("state, routing and blocking", () => {
  it("changes and reads the state, refusing a state Crisp does not have", async () => {
    await client.website.changeConversationState(WEBSITE, session, "resolved");
    const bogus = "closed" as unknown as "resolved";

    expect(await client.website.getConversationState(WEBSITE, session)).toEqual({ state: "resolved" });
    await expect(client.website.changeConversationState(WEBSITE, session, bogus)).rejects.toMatchObject({ code: 400 });
  });

  it("assigns the conversation to an operator, then unassigns it", async () => {
    await client.website.assignConversationRouting(WEBSITE, session, { assigned: { user_id: "operator-1" } });
    const assigned: unknown = await client.website.getConversationRoutingAssign(WEBSITE, session);
    await client.website.assignConversationRouting(WEBSITE, session, { assigned: {} });
    const unassigned: unknown = await client.website.getConversationRoutingAssign(WEBSITE, session);

    expect(assigned).toEqual({ assigned: { user_id: "operator-1" } });
    expect(unassigned).toEqual({});
  });

  it("blocks and unblocks incoming messages", async () => {
    await client.website.blockIncomingMessagesForConversation(WEBSITE, session, true);

    expect(sim.conversation(WEBSITE, session)?.is_blocked).toBe(true);
    expect(await client.website.getBlockStatusForConversation(WEBSITE, session)).toEqual({ blocked: true });
  });
});

describe("unknown conversations and websites", () => {
  it("answers 404 not_found for a session the website does not have", async () => {
    await expect(client.website.getConversationMetas(WEBSITE, "session_nope")).rejects.toMatchObject({
      reason: "error",
      message: "not_found",
      code: 404,
    });
  });

  it("answers 404 not_subscribed for a website that did not install the plugin, or uninstalled it", async () => {
    await expect(client.website.getConversation("website-other", session)).rejects.toMatchObject({
      code: 404,
      message: "not_subscribed",
    });

    sim.uninstall(WEBSITE);

    await expect(client.website.getConversation(WEBSITE, session)).rejects.toMatchObject({
      code: 404,
      message: "not_subscribed",
    });
  });
});
