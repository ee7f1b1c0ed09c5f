import type { Crisp } from "crisp-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { startHookReceiver, type HookReceiver } from "./hook-receiver.js";
import { pluginClient } from "./plugin-client.js";
import { closeRtmClients, connectRtm, type RtmClient } from "./rtm-client.js";

const WEBSITE = "website-1";
const URN = "urn:acme:auto-responder:0";
const AT = 1_700_000_000_000;
const EVENTS = [
  "message:send",
  "message:received",
  "session:set_state",
  "session:set_segments",
  "session:set_data",
  "session:set_email",
  "session:set_nickname",
  "session:set_block",
];

let sim: CrispSimulator;
let client: Crisp;
let rtm: RtmClient;
let receiver: HookReceiver;
let session: string;

beforeEach(async () => {
  receiver = await startHookReceiver();
  sim = await startCrispSimulator({
    websites: [{ website_id: WEBSITE }],
    now: () => AT,
    hooks: { url: receiver.url, secret: "hooks-secret" },
  });
  client = pluginClient(sim);
  session = sim.createConversation(WEBSITE, { meta: { segments: ["vip"], data: { plan: "free" } } }).session_id;
  rtm = connectRtm(sim);
  expect(await rtm.authenticate({ events: EVENTS })).toBe("authenticated");
});

afterEach(async () => {
  closeRtmClients();
  await sim.close();
  await receiver.close();
});

/** The next event `name` heard on the socket. */
function heard(name: string): Promise<unknown> {
  return rtm.next(name);
}

describe("events a REST change causes, as Crisp emits them", () => {
  it("tells of a message the plugin sent with message:received, its origin, fingerprint and stamped", async () => {
    const echo = heard("message:received");
    const sent = (await client.website.sendMessageInConversation(WEBSITE, session, {
      type: "text",
      from: "operator",
      origin: URN,
      content: "Hello",
    })) as { fingerprint: number };

    expect(await echo).toEqual({
      website_id: WEBSITE,
      session_id: session,
      inbox_id: null,
      type: "text",
      from: "operator",
      origin: URN,
      content: "Hello",
      fingerprint: sent.fingerprint,
      timestamp: AT,
      user: {},
      stamped: true,
    });
  });

  it("tells of a message sent as the visitor with message:send", async () => {
    const echo = heard("message:send");
    await client.website.sendMessageInConversation(WEBSITE, session, {
      type: "text",
      from: "user",
      origin: URN,
      content: "on behalf of the visitor",
    });

    expect(await echo).toMatchObject({ from: "user", origin: URN, stamped: true });
  });

  it("tells of a state change with session:set_state, which carries no origin", async () => {
    const echo = heard("session:set_state");
    await client.website.changeConversationState(WEBSITE, session, "resolved");

    expect(await echo).toEqual({ website_id: WEBSITE, session_id: session, inbox_id: null, state: "resolved" });
  });

  it("tells of each meta changed with its own event: segments as set, data in full after the merge", async () => {
    const events = Promise.all(["session:set_segments", "session:set_data", "session:set_email"].map(heard));
    await client.website.updateConversationMetas(WEBSITE, session, {
      segments: ["lead"],
      data: { score: 3 },
      email: "ann@example.com",
    });

    expect(await events).toEqual([
      { website_id: WEBSITE, session_id: session, inbox_id: null, segments: ["lead"] },
      { website_id: WEBSITE, session_id: session, inbox_id: null, data: { plan: "free", score: 3 } },
      { website_id: WEBSITE, session_id: session, inbox_id: null, email: "ann@example.com" },
    ]);
  });

  it("tells of a block with session:set_block", async () => {
    const echo = heard("session:set_block");
    await client.website.blockIncomingMessagesForConversation(WEBSITE, session, true);

    expect(await echo).toMatchObject({ session_id: session, is_blocked: true });
  });

  it("delivers the same events to Web Hooks", async () => {
    await client.website.changeConversationState(WEBSITE, session, "unresolved");
    await sim.waitForHookDeliveries();

    const bodies = receiver.hooks.map((hook) => JSON.parse(hook.rawBody) as { event: string; data: unknown });
    expect(bodies).toContainEqual(
      expect.objectContaining({
        event: "session:set_state",
        data: expect.objectContaining({ state: "unresolved" }) as unknown,
      }),
    );
  });

  it("emits nothing for a change Crisp refuses", async () => {
    await expect(client.website.changeConversationState(WEBSITE, session, "closed" as never)).rejects.toMatchObject({
      code: 400,
      message: "invalid_data",
    });
    await client.website.changeConversationState(WEBSITE, session, "resolved");
    await heard("session:set_state");

    expect(rtm.received.filter(({ event }) => event === "session:set_state")).toHaveLength(1);
  });

  it("tells of an operator writing from the inbox with message:received from chat", async () => {
    const echo = heard("message:received");
    sim.operatorWrites(WEBSITE, session, "a human here");

    expect(await echo).toMatchObject({ from: "operator", origin: "chat", content: "a human here", stamped: true });
  });
});

describe("messages Crisp refuses", () => {
  const picker = (choices: unknown[]): Parameters<Crisp["website"]["sendMessageInConversation"]>[2] =>
    ({ type: "picker", from: "operator", origin: URN, content: { id: "p", text: "Pick", choices } }) as never;

  it("refuses a picker choice that does not say whether it is selected", async () => {
    await expect(
      client.website.sendMessageInConversation(WEBSITE, session, picker([{ value: "a", label: "A" }])),
    ).rejects.toMatchObject({ code: 400, message: "invalid_data" });
  });

  it("accepts choices with selected, an icon and an action", async () => {
    const choice = {
      value: "a",
      label: "A",
      selected: false,
      icon: "👍",
      action: { type: "link", target: "https://x.example" },
    };
    await expect(client.website.sendMessageInConversation(WEBSITE, session, picker([choice]))).resolves.toMatchObject({
      fingerprint: expect.any(Number) as unknown,
    });
  });

  it("refuses a field crisp-api does not type, in the body, the content or the user", async () => {
    const text = { type: "text", from: "operator", origin: URN, content: "hi" };
    for (const body of [
      { ...text, colour: "red" },
      { ...text, user: { nickname: "Bot", role: "bot" } },
      { type: "file", from: "operator", origin: URN, content: { url: "https://x.example/a.png", size: 3 } },
    ]) {
      await expect(client.website.sendMessageInConversation(WEBSITE, session, body as never)).rejects.toMatchObject({
        code: 400,
        message: "invalid_data",
      });
    }
    expect(sim.conversation(WEBSITE, session)?.messages).toEqual([]);
  });
});
