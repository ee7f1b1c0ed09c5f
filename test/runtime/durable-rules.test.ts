import { afterEach, describe, expect, it } from "vitest";
import { skipRedis, useRedisServer } from "../support/redis-server.js";
import { backend, DurableWorld, type StoreBackend } from "./durability-harness.js";

const MINUTE = 60_000;

/** "No operator answered within 5 minutes": the classic delayed rule. */
const ESCALATE = {
  id: "escalate",
  on: "message:send",
  if: [{ path: "data.from", equals: "user" }],
  once: "session",
  do: [
    { action: "send_message", with: { content: "Thanks, an operator will answer soon." } },
    { action: "delay", with: { for: "5m", cancel_on: ["message:received"] } },
    { action: "send_message", with: { content: "Sorry for the wait, we are on it." } },
    { action: "add_segments", with: { segments: ["waited"] } },
  ],
};

const COOLDOWN = {
  id: "ack",
  on: "message:send",
  if: [{ path: "data.from", equals: "user" }],
  cooldown: { for: "10m" },
  do: [{ action: "send_message", with: { content: "Got it." } }],
};

const redisUrl = skipRedis ? undefined : useRedisServer();
const backends: { name: StoreBackend["name"]; skip: boolean }[] = [
  { name: "memory", skip: false },
  { name: "sqlite", skip: false },
  { name: "redis", skip: skipRedis },
];

let world: DurableWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

for (const { name, skip } of backends) {
  describe.skipIf(skip)(`durable rules on the ${name} store`, () => {
    const start = async (rules: Record<string, unknown>[]): Promise<DurableWorld> => {
      world = await new DurableWorld().start(rules, (dir) => backend(name, dir, redisUrl));
      return world;
    };

    it("runs the rest of a rule after its delay, once, with the clock moved instead of waiting", async () => {
      const w = await start([ESCALATE]);
      await w.visitorWrites("session-1", "Hello?");
      expect(w.replies("session-1")).toEqual(["Thanks, an operator will answer soon."]);

      expect(await w.advance(4 * MINUTE + 59_000)).toBe(0);
      expect(w.replies("session-1")).toHaveLength(1);

      expect(await w.advance(1_000)).toBe(1);
      expect(w.replies("session-1")).toEqual([
        "Thanks, an operator will answer soon.",
        "Sorry for the wait, we are on it.",
      ]);
      expect(w.sim.conversation("website-1", "session-1")?.meta.segments).toEqual(["waited"]);

      expect(await w.advance(10 * MINUTE)).toBe(0);
      expect(w.replies("session-1")).toHaveLength(2);
    });

    it("cancels the delay when an operator answers in the same conversation, not in another", async () => {
      const w = await start([ESCALATE]);
      await w.visitorWrites("session-1", "Hello?");
      await w.visitorWrites("session-2", "Anyone?");
      await w.emit("message:received", {
        session_id: "session-1",
        type: "text",
        from: "operator",
        origin: "chat",
        content: "Hi, how can I help?",
        fingerprint: 42,
      });

      await w.advance(6 * MINUTE);

      expect(w.replies("session-1")).toEqual(["Thanks, an operator will answer soon."]);
      expect(w.replies("session-2")).toEqual([
        "Thanks, an operator will answer soon.",
        "Sorry for the wait, we are on it.",
      ]);
      expect(w.lines.filter((line) => line.includes("message:received cancelled 1 waiting rule(s)"))).toHaveLength(1);
    });

    it.skipIf(name === "memory")("keeps a delay across a restart", async () => {
      const w = await start([ESCALATE]);
      await w.visitorWrites("session-1", "Hello?");
      await w.advance(2 * MINUTE);

      await w.restart();
      expect(await w.advance(2 * MINUTE)).toBe(0);
      expect(await w.advance(MINUTE)).toBe(1);

      expect(w.replies("session-1")).toEqual([
        "Thanks, an operator will answer soon.",
        "Sorry for the wait, we are on it.",
      ]);
    });

    it("runs a `once: session` rule once per conversation, also after a restart", async () => {
      const w = await start([ESCALATE]);
      await w.visitorWrites("session-1", "Hello?");
      await w.visitorWrites("session-1", "Still there?");
      if (name !== "memory") await w.restart();
      await w.visitorWrites("session-1", "Hello??");
      await w.visitorWrites("session-2", "Hi");

      expect(w.replies("session-1")).toEqual(["Thanks, an operator will answer soon."]);
      expect(w.replies("session-2")).toEqual(["Thanks, an operator will answer soon."]);
      expect(w.lines.some((line) => line.includes("rule escalate guarded: once per conversation"))).toBe(true);
    });

    it("holds a cooldown for its duration, per conversation", async () => {
      const w = await start([COOLDOWN]);
      await w.visitorWrites("session-1", "one");
      w.now += 5 * MINUTE;
      await w.visitorWrites("session-1", "two");
      await w.visitorWrites("session-2", "other conversation");
      w.now += 5 * MINUTE;
      await w.visitorWrites("session-1", "three");

      expect(w.replies("session-1")).toEqual(["Got it.", "Got it."]);
      expect(w.replies("session-2")).toEqual(["Got it."]);
    });

    it("handles an event delivered twice (same fingerprint) once", async () => {
      const w = await start([COOLDOWN, { ...COOLDOWN, id: "ack-2", cooldown: undefined }]);
      const message = {
        session_id: "session-1",
        type: "text",
        from: "user",
        origin: "chat",
        content: "hi",
        fingerprint: 7,
      };
      w.sim.createConversation("website-1", { session_id: "session-1" });
      await w.emit("message:send", message);
      await w.emit("message:send", message);

      expect(w.replies("session-1")).toEqual(["Got it.", "Got it."]);
      const { values } = await w.runtime.metrics.eventsReceived.get();
      expect(values.find((value) => value.labels.outcome === "duplicate")?.value).toBe(1);
    });

    it("handles two edits of one message (a picker answered twice, one fingerprint) as two events", async () => {
      const onAnswer = {
        id: "on-answer",
        on: "message:updated",
        do: [{ action: "send_message", with: { content: "You picked {{data.content.choices.0.value}}." } }],
      };
      const w = await start([onAnswer]);
      w.sim.createConversation("website-1", { session_id: "session-1" });
      const answer = (value: string): Record<string, unknown> => ({
        session_id: "session-1",
        inbox_id: null,
        fingerprint: 7,
        content: { id: "plan", text: "Which plan?", choices: [{ value, label: value, selected: true }] },
      });
      await w.emit("message:updated", answer("free"));
      await w.emit("message:updated", answer("pro"));

      expect(w.replies("session-1")).toEqual(["You picked free.", "You picked pro."]);
    });

    it("keeps a step Crisp refused as a dead letter with its context, and replays it", async () => {
      const w = await start([COOLDOWN]);
      w.sim.failNext({ route: "sendMessageInConversation", status: 403, reason: "not_allowed" });
      await w.visitorWrites("session-1", "hello");

      expect(w.replies("session-1")).toEqual([]);
      const letters = await w.store.listDeadLetters();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        websiteId: "website-1",
        sessionId: "session-1",
        event: "message:send",
        ruleId: "ack",
        stepIndex: 0,
        action: "send_message",
        code: "CRISP_REQUEST_FAILED",
        params: { content: "Got it." },
      });
      expect(letters[0]?.reason).toMatch(/403/);

      const letter = await w.store.takeDeadLetter(letters[0]?.id ?? "");
      if (letter === undefined) throw new Error("no dead letter");
      await w.store.schedule({ ...letter.replay, dueAt: w.now });
      expect(await w.advance(0)).toBe(1);

      expect(w.replies("session-1")).toEqual(["Got it."]);
      expect(await w.store.listDeadLetters()).toEqual([]);
    });

    it("replays a dead letter whose message may have reached Crisp without sending it twice", async () => {
      const w = await start([COOLDOWN]);
      // Every send is carried out, then answered 500; so is every look for it.
      w.sim.failRandomly({
        share: 1,
        statuses: [500],
        appliedShare: 1,
        routes: ["sendMessageInConversation", "getMessagesInConversation"],
        seed: 3,
      });
      await w.visitorWrites("session-1", "hello");
      w.sim.stopFailing();
      // What the conversation holds, whatever Crisp answered.
      const stored = (): string[] =>
        (w.sim.conversation("website-1", "session-1")?.messages ?? [])
          .filter((message) => message.from === "operator")
          .map((message) => String(message.content));
      expect(stored()).toEqual(["Got it."]);
      const letters = await w.store.listDeadLetters();
      expect(letters[0]?.reason).toMatch(/may have reached Crisp/);

      const letter = await w.store.takeDeadLetter(letters[0]?.id ?? "");
      if (letter === undefined) throw new Error("no dead letter");
      await w.store.schedule({ ...letter.replay, dueAt: w.now });
      expect(await w.advance(0)).toBe(1);

      expect(stored()).toEqual(["Got it."]);
      expect(await w.store.listDeadLetters()).toEqual([]);
    });

    it("runs a step again when Crisp asks to wait longer than the retries do (Retry-After), not as a dead letter", async () => {
      const w = await start([COOLDOWN]);
      w.sim.failNext({ route: "sendMessageInConversation", status: 429, retryAfterSeconds: 120 });
      await w.visitorWrites("session-1", "hello");

      expect(w.replies("session-1")).toEqual([]);
      expect(await w.store.listDeadLetters()).toEqual([]);
      expect(w.lines.some((line) => line.includes("Crisp asked to wait 2m: step 1 and the rest run again then"))).toBe(
        true,
      );

      expect(await w.advance(119_000)).toBe(0);
      expect(await w.advance(1_000)).toBe(1);
      expect(w.replies("session-1")).toEqual(["Got it."]);
    });
  });
}
