import { afterEach, describe, expect, it } from "vitest";
import { wasMessageDelivered, type ListedMessage } from "../../src/runtime/crisp/was-message-delivered.js";
import { KitError } from "../../src/core/errors/kit-error.js";
import {
  copiesOf,
  pluginText,
  rejectionOf,
  SESSION,
  startRetryWorld,
  WEBSITE,
  type RetryWorld,
} from "./retry-world.js";

let world: RetryWorld | undefined;

async function start(options?: Parameters<typeof startRetryWorld>[0]): Promise<RetryWorld> {
  world = await startRetryWorld(options);
  return world;
}

afterEach(async () => {
  await world?.sim.close();
  world = undefined;
});

const SEND = "sendMessageInConversation";
const LIST = "getMessagesInConversation";

describe("sendMessageInConversation through the gateway", () => {
  it("keeps the fingerprint the plugin sets, and the messages route serves it back", async () => {
    const { sim, rest } = await start();

    await expect(rest.sendMessage(WEBSITE, SESSION, pluginText("hi", 4242))).resolves.toEqual({ fingerprint: 4242 });

    expect(sim.conversation(WEBSITE, SESSION)?.messages).toMatchObject([{ fingerprint: 4242, content: "hi" }]);
    await expect(rest.api.website.getMessagesInConversation(WEBSITE, SESSION)).resolves.toMatchObject([
      { fingerprint: 4242 },
    ]);
  });

  it("sends once when Crisp stored the message and then answered 500: the retry finds it", async () => {
    const { sim, rest, attempts } = await start();
    sim.failRandomly({ share: 1, statuses: [500], appliedShare: 1, routes: [SEND], seed: 1 });

    await expect(rest.sendMessage(WEBSITE, SESSION, pluginText("hello", 777))).resolves.toEqual({ fingerprint: 777 });

    expect(copiesOf(sim, 777)).toBe(1);
    expect(sim.calls({ route: SEND }).map((call) => call.status)).toEqual([500]);
    expect(sim.calls({ route: LIST })).toHaveLength(1);
    expect(attempts.map(({ route, attempt }) => `${route}#${attempt}`)).toEqual([`${SEND}#1`, `${LIST}#2`]);
  });

  it("sends once when the answer came after the client gave up, the message stored", async () => {
    const { sim, rest } = await start({ client: { timeoutMs: 100 } });
    sim.failRandomly({ share: 0, timeoutShare: 1, timeoutDelayMs: 400, routes: [SEND], seed: 1 });

    await expect(rest.sendMessage(WEBSITE, SESSION, pluginText("late", 778))).resolves.toEqual({ fingerprint: 778 });

    expect(copiesOf(sim, 778)).toBe(1);
  });

  it("gives a message without a fingerprint one, so that it is still sent once", async () => {
    const { sim, rest } = await start();
    sim.failRandomly({ share: 1, statuses: [502], appliedShare: 1, routes: [SEND], seed: 1 });

    const { fingerprint } = await rest.sendMessage(WEBSITE, SESSION, pluginText("no print"));

    expect(fingerprint).toEqual(expect.any(Number));
    expect(sim.conversation(WEBSITE, SESSION)?.messages).toHaveLength(1);
    expect(sim.conversation(WEBSITE, SESSION)?.messages[0]?.fingerprint).toBe(fingerprint);
  });

  it("sends again when the 500 came before anything was stored", async () => {
    const { sim, rest } = await start();
    sim.failNext({ route: SEND, status: 500, times: 2 });

    await rest.sendMessage(WEBSITE, SESSION, pluginText("again", 779));

    expect(copiesOf(sim, 779)).toBe(1);
    expect(sim.calls({ route: SEND }).map((call) => call.status)).toEqual([500, 500, 200]);
    expect(sim.calls({ route: LIST })).toHaveLength(2);
  });

  it("does not look for the message after a 429, which stores nothing", async () => {
    const { sim, rest } = await start();
    sim.failNext({ route: SEND, status: 429, retryAfterSeconds: 1 });

    await rest.sendMessage(WEBSITE, SESSION, pluginText("throttled", 780));

    expect(copiesOf(sim, 780)).toBe(1);
    expect(sim.calls({ route: LIST })).toHaveLength(0);
  });

  it("reports the delivery as unknown when the attempts run out", async () => {
    const { sim, rest } = await start();
    sim.failRandomly({ share: 1, statuses: [500], appliedShare: 0, routes: [SEND], seed: 1 });

    const error = await rejectionOf(rest.sendMessage(WEBSITE, SESSION, pluginText("never", 781)));

    expect(error).toMatchObject({
      code: "CRISP_REQUEST_FAILED",
      kind: "retryable",
      context: { attempts: 5, fingerprint: 781, delivery: "unknown", route: SEND },
    });
    expect(copiesOf(sim, 781)).toBe(0);
    expect(sim.calls({ route: SEND })).toHaveLength(5);
  });

  it("does not send again when it cannot look for the message (no read scope), and says so", async () => {
    const { sim, rest } = await start({
      scopes: [{ scope: "website:conversation:messages", access: ["write"] }],
    });
    sim.failRandomly({ share: 1, statuses: [500], appliedShare: 1, routes: [SEND], seed: 1 });

    const error = await rejectionOf(rest.sendMessage(WEBSITE, SESSION, pluginText("once", 782)));

    expect(error).toBeInstanceOf(KitError);
    expect(error).toMatchObject({ kind: "unrecoverable", context: { attempts: 2, delivery: "unknown", status: 403 } });
    expect((error as KitError).message).toMatch(
      /^sendMessageInConversation may have reached Crisp \(sendMessageInConversation: Crisp answered 500 internal_error\), and looking for it failed: getMessagesInConversation: Crisp answered 403 not_allowed; it is not sent again/,
    );
    expect(copiesOf(sim, 782)).toBe(1);
  });

  it("does not send again when the manifest does not declare the read scope the check needs", async () => {
    const { sim, rest } = await start({
      granted: new Set(["website:conversation:messages write"]),
    });
    sim.failRandomly({ share: 1, statuses: [503], appliedShare: 1, routes: [SEND], seed: 1 });

    const error = await rejectionOf(rest.sendMessage(WEBSITE, SESSION, pluginText("once", 783)));

    expect(error).toMatchObject({ kind: "unrecoverable", context: { delivery: "unknown", fingerprint: 783 } });
    expect((error as KitError).message).toContain(
      "getMessagesInConversation needs scope website:conversation:messages with read access, which the manifest does not declare",
    );
    expect(copiesOf(sim, 783)).toBe(1);
    expect(sim.calls({ route: LIST })).toHaveLength(0);
  });

  it("sends every message exactly once, or reports it failed, through 30 % random faults", async () => {
    // A client timeout a loaded machine's ordinary answers stay well under (at 150 ms they did not,
    // and a send the client gave up on could land after the check that looked for it).
    const { sim, rest, attempts } = await start({ client: { timeoutMs: 1_000 } });
    const sessions = ["session_f1", "session_f2", "session_f3", "session_f4"];
    for (const session_id of sessions) sim.createConversation(WEBSITE, { session_id });
    sim.failRandomly({
      share: 0.3,
      statuses: [429, 500, 502, 503],
      timeoutShare: 0.03,
      timeoutDelayMs: 1_500,
      seed: 20_250_301,
    });

    const outcomes: { fingerprint: number; session: string; sent: boolean }[] = [];
    for (let index = 0; index < 200; index += 1) {
      const fingerprint = 5_000_000 + index;
      const session = sessions[index % sessions.length] ?? SESSION;
      const sent = await rest.sendMessage(WEBSITE, session, pluginText(`message ${index}`, fingerprint)).then(
        () => true,
        () => false,
      );
      outcomes.push({ fingerprint, session, sent });
    }
    sim.stopFailing();

    const wrong = outcomes.filter(({ fingerprint, session, sent }) => {
      const copies = copiesOf(sim, fingerprint, session);
      return sent ? copies !== 1 : copies > 1;
    });
    expect(wrong).toEqual([]);
    const stored = sessions.flatMap((session) => sim.conversation(WEBSITE, session)?.messages ?? []);
    expect(new Set(stored.map((message) => message.fingerprint)).size).toBe(stored.length);
    expect(outcomes.filter((outcome) => outcome.sent).length).toBeGreaterThanOrEqual(195);
    // The faults hit writes that were carried out: those sends were found by a check, never answered 200.
    const answeredOk = new Set(
      sim
        .calls({ route: SEND })
        .filter((call) => call.status === 200)
        .map((call) => (call.body as { fingerprint?: number }).fingerprint),
    );
    const foundByCheck = outcomes.filter(({ fingerprint, sent }) => sent && !answeredOk.has(fingerprint));
    expect(foundByCheck.length).toBeGreaterThan(5);
    expect(attempts.filter((attempt) => attempt.route === LIST).length).toBeGreaterThan(10);
  });
});

/** The latest batch of messages, or the one before `before`, read through the gateway. */
function lister(world: RetryWorld): (before?: number) => Promise<ListedMessage[]> {
  return async (before) =>
    (await world.rest.api.website.getMessagesInConversation(WEBSITE, SESSION, before)) as unknown as ListedMessage[];
}

describe("wasMessageDelivered", () => {
  it("reads older batches, up to `pages` of them", async () => {
    const { sim } = await start();
    const base = Date.now() - 1_000_000;
    for (let index = 0; index < 100; index += 1) {
      sim.addMessage(WEBSITE, SESSION, {
        type: "text",
        from: "user",
        origin: "chat",
        content: `m${index}`,
        fingerprint: 9_000 + index,
        timestamp: base + index,
      });
    }

    const list = lister(world as RetryWorld);
    await expect(wasMessageDelivered(list, 9_099, 3)).resolves.toBe(true);
    await expect(wasMessageDelivered(list, 9_000, 3)).resolves.toBe(true);
    await expect(wasMessageDelivered(list, 9_000, 2)).resolves.toBe(false);
    await expect(wasMessageDelivered(list, 1, 3)).resolves.toBe(false);
  });

  it("answers false on an empty conversation after one request", async () => {
    const { sim } = await start();

    await expect(wasMessageDelivered(lister(world as RetryWorld), 1, 3)).resolves.toBe(false);
    expect(sim.calls({ route: LIST })).toHaveLength(1);
  });
});
