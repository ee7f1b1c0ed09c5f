import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assign } from "../../src/core/actions/assign.js";
import { block } from "../../src/core/actions/block.js";
import { ACTIONS } from "../../src/core/actions/catalog.js";
import { markRead } from "../../src/core/actions/mark-read.js";
import { addPeopleEvent, updatePeopleData } from "../../src/core/actions/people.js";
import { addSegments, removeSegments, setSegments } from "../../src/core/actions/segments.js";
import { sendMessage } from "../../src/core/actions/send-message.js";
import { setData } from "../../src/core/actions/set-data.js";
import { setState } from "../../src/core/actions/set-state.js";
import { updateMeta } from "../../src/core/actions/update-meta.js";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import type { CrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import { KitError } from "../../src/core/errors/kit-error.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { actionContext, SESSION, startWorld, URN, visitorMessage, WEBSITE } from "./action-harness.js";

let sim: CrispSimulator;
let crisp: CrispRest;
let gateway: CrispGateway;

beforeEach(async () => {
  ({ sim, crisp, gateway } = await startWorld());
});
afterEach(async () => {
  await sim.close();
});

describe("conversation actions through crisp-api", () => {
  it("send_message posts a text stamped with the plugin URN as origin", async () => {
    await sendMessage.run(actionContext(crisp), {
      type: "text",
      content: "Hi there",
      from: "operator",
      user: { nickname: "Bot" },
      stealth: false,
    });
    const call = await sim.waitForCall({ route: "sendMessageInConversation" });
    expect(call.body).toMatchObject({
      type: "text",
      from: "operator",
      origin: URN,
      content: "Hi there",
      user: { type: "participant", nickname: "Bot" },
    });
    expect(sim.conversation(WEBSITE, SESSION)?.messages.at(-1)).toMatchObject({ content: "Hi there", origin: URN });
  });

  it("send_message sends notes and pickers", async () => {
    await sendMessage.run(actionContext(crisp), {
      type: "note",
      content: "internal",
      from: "operator",
      stealth: false,
    });
    const picker = { id: "csat", text: "How did we do?", choices: [{ value: "good", label: "Good" }] };
    await sendMessage.run(actionContext(crisp), { type: "picker", content: picker, from: "operator", stealth: false });
    const bodies = sim.calls({ route: "sendMessageInConversation" }).map((call) => call.body);
    expect(bodies).toMatchObject([
      { type: "note", content: "internal" },
      { type: "picker", content: { ...picker, choices: [{ value: "good", label: "Good", selected: false }] } },
    ]);
  });

  it("send_message sends selected: false on a picker choice that does not say, and keeps selected, icon and action", async () => {
    const choices = [
      { value: "yes", label: "Yes", icon: "👍", selected: true },
      { value: "docs", label: "Docs", action: { type: "link", target: "https://docs.example" } },
    ];
    const picker = { id: "help", text: "Did it help?", choices };
    await sendMessage.run(actionContext(crisp), { type: "picker", content: picker, from: "operator", stealth: false });
    expect(sim.conversation(WEBSITE, SESSION)?.messages.at(-1)?.content).toEqual({
      ...picker,
      choices: [choices[0], { ...choices[1], selected: false }],
    });
  });

  it("set_state changes the state with the plugin as origin", async () => {
    await setState.run(actionContext(crisp), { state: "resolved" });
    expect(sim.conversation(WEBSITE, SESSION)?.state).toBe("resolved");
    expect(sim.calls({ route: "changeConversationState" })[0]?.body).toMatchObject({ state: "resolved", origin: URN });
  });

  it("assign routes the conversation to an operator", async () => {
    await assign.run(actionContext(crisp), { user_id: "operator-7", silent: true });
    expect(sim.conversation(WEBSITE, SESSION)?.assigned).toEqual({ user_id: "operator-7" });
  });

  it("add_segments keeps the segments already set, and skips the write when nothing changes", async () => {
    await addSegments.run(actionContext(crisp), { segments: ["urgent", "vip"] });
    expect(sim.conversation(WEBSITE, SESSION)?.meta.segments).toEqual(["vip", "urgent"]);
    sim.clearCalls();
    await addSegments.run(actionContext(crisp), { segments: ["urgent"] });
    expect(sim.calls({ route: "updateConversationMetas" })).toHaveLength(0);
  });

  it("remove_segments removes only the segments named", async () => {
    await setSegments.run(actionContext(crisp), { segments: ["a", "b", "c"] });
    await removeSegments.run(actionContext(crisp), { segments: ["b"] });
    expect(sim.conversation(WEBSITE, SESSION)?.meta.segments).toEqual(["a", "c"]);
  });

  it("set_data merges keys into the conversation data", async () => {
    await setData.run(actionContext(crisp), { data: { plan: "pro" } });
    await setData.run(actionContext(crisp), { data: { seats: 3 } });
    expect(sim.conversation(WEBSITE, SESSION)?.meta.data).toEqual({ plan: "pro", seats: 3 });
  });

  it("update_meta sets the visitor's details", async () => {
    await updateMeta.run(actionContext(crisp), { email: "jane@example.com", subject: "Order" });
    expect(sim.conversation(WEBSITE, SESSION)?.meta).toMatchObject({ email: "jane@example.com", subject: "Order" });
  });

  it("mark_read marks the visitor's messages read", async () => {
    await markRead.run(actionContext(crisp), { from: "user" });
    expect(sim.calls({ route: "markMessagesReadInConversation" })[0]?.body).toMatchObject({
      from: "user",
      origin: URN,
    });
  });

  it("block blocks the visitor", async () => {
    await block.run(actionContext(crisp), { blocked: true });
    expect(sim.conversation(WEBSITE, SESSION)?.is_blocked).toBe(true);
  });

  it("update_people_data finds the conversation's contact and merges data into it", async () => {
    const result = await updatePeopleData.run(actionContext(crisp), { data: { plan: "pro" } });
    expect(result).toEqual({ people_id: "people-1", data: { plan: "pro" } });
    expect(sim.people(WEBSITE, "people-1")?.data).toMatchObject({ plan: "pro" });
  });

  it("add_people_event adds to the contact's timeline, using the event's people_id when it has one", async () => {
    const event = visitorMessage("x", { people_id: "people-1" });
    await addPeopleEvent.run(actionContext(crisp, { event }), { text: "Asked for a refund", color: "red" });
    expect(sim.calls({ route: "getConversation" })).toHaveLength(0);
    expect(sim.people(WEBSITE, "people-1")?.events.at(-1)).toMatchObject({ text: "Asked for a refund", color: "red" });
  });

  it("fails with a clear error when the event has no conversation", async () => {
    const event = { ...visitorMessage(), session_id: undefined } as never;
    await expect(setState.run(actionContext(crisp, { event }), { state: "resolved" })).rejects.toThrow(
      /set_state needs a conversation/,
    );
  });

  it("turns Crisp's rejections into classified errors", async () => {
    sim.failNext({ route: "changeConversationState", status: 429, retryAfterSeconds: 1 });
    const rateLimited = await setState
      .run(actionContext(crisp), { state: "resolved" })
      .catch((error: unknown) => error);
    expect(rateLimited).toBeInstanceOf(KitError);
    expect(rateLimited).toMatchObject({ code: "CRISP_REQUEST_FAILED", kind: "rate-limited" });
    sim.failNext({ route: "changeConversationState", status: 500 });
    await expect(setState.run(actionContext(crisp), { state: "resolved" })).rejects.toMatchObject({
      kind: "retryable",
    });
    sim.failNext({ route: "changeConversationState", status: 404, reason: "not_found" });
    await expect(setState.run(actionContext(crisp), { state: "resolved" })).rejects.toMatchObject({
      kind: "unrecoverable",
    });
  });

  it("a client limited to the declared scopes refuses other calls, as a production token would", async () => {
    const limited = createCrispRest(gateway, new Set(["website:conversation:messages write"]));
    await sendMessage.run(actionContext(limited), { type: "text", content: "ok", from: "operator", stealth: false });
    await expect(setState.run(actionContext(limited), { state: "resolved" })).rejects.toMatchObject({
      code: "SCOPE_NOT_GRANTED",
    });
    expect(sim.calls({ route: "changeConversationState" })).toHaveLength(0);
  });

  it("declares, for every action, scopes that match the REST calls it makes", () => {
    for (const action of ACTIONS.values()) {
      for (const need of action.needs) expect(need.access).toMatch(/^(read|write)$/);
    }
    // Read as well: before sending again after an attempt that may have reached Crisp, the
    // conversation is checked for the message's fingerprint.
    expect(ACTIONS.get("send_message")?.needs).toEqual([
      { scope: "website:conversation:messages", access: "write" },
      { scope: "website:conversation:messages", access: "read" },
    ]);
  });
});
