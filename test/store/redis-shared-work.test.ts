import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ConversationClaim, HoldEnd, SharedAcceptance, SharingStore } from "../../src/core/ports/shared-work.js";
import { openRedisStore } from "../../src/runtime/store/redis-store.js";
import { skipRedis, useRedisServer } from "../support/redis-server.js";
import { deadLetter, lease, LEASE_MS, T0, workItem } from "./store-fixtures.js";

const A = "website-1/session-a";
const B = "website-1/session-b";

/** A claim's conversation, fence and head id, to compare. */
function seen(claim: SharedAcceptance | HoldEnd): unknown {
  return typeof claim === "string" ? claim : { conversation: claim.conversation, head: claim.head.id };
}

function dedupe(key: string): { key: string; until: number } {
  return { key, until: T0 + 60_000 };
}

function asClaim(answer: SharedAcceptance | HoldEnd): ConversationClaim {
  if (typeof answer === "string") throw new Error(`expected a claim, got ${answer}`);
  return answer;
}

describe.skipIf(skipRedis)("work shared by replicas on the redis store", () => {
  const redisUrl = useRedisServer();
  let prefix = "";
  let stores: SharingStore[] = [];
  /** A replica's connection to the same data. */
  const replica = async (): Promise<SharingStore> => {
    const store = await openRedisStore(redisUrl(), { prefix });
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    prefix = `test-shared-${randomUUID()}:`;
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it("hands a free conversation to the replica that accepts its event, and queues the next ones behind it, whoever accepts them", async () => {
    const one = (await replica()).shared;
    const two = (await replica()).shared;
    const first = asClaim(await one.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    expect(seen(first)).toEqual({ conversation: A, head: "a1" });
    expect(first.head).toEqual(workItem("a1", { conversation: A }));
    expect(await two.accept(workItem("a2", { conversation: A }), dedupe("e2"), lease("p2", T0 + 1))).toBe("queued");
    expect(await one.accept(workItem("a3", { conversation: A }), dedupe("e3"), lease("p1", T0 + 2))).toBe("queued");
    // Another conversation is free: the other replica gets it.
    expect(seen(await two.accept(workItem("b1", { conversation: B }), dedupe("e4"), lease("p2", T0 + 3)))).toEqual({
      conversation: B,
      head: "b1",
    });
    // The holder of A runs A's items in the order they arrived, then lets A go.
    const second = asClaim(await one.finish(first, lease("p1", T0 + 4), true));
    expect(seen(second)).toEqual({ conversation: A, head: "a2" });
    expect(second.fence).toBe(first.fence);
    const third = asClaim(await one.finish(second, lease("p1", T0 + 5), true));
    expect(seen(third)).toEqual({ conversation: A, head: "a3" });
    expect(await one.finish(third, lease("p1", T0 + 6), true)).toBe("released");
    // Free again: the next event's acceptor holds it, under a larger fencing token.
    const again = asClaim(await two.accept(workItem("a4", { conversation: A }), dedupe("e5"), lease("p2", T0 + 7)));
    expect(again.fence).toBeGreaterThan(first.fence);
  });

  it("answers duplicate for a copy, queueing nothing", async () => {
    const shared = (await replica()).shared;
    const first = asClaim(await shared.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    expect(await shared.accept(workItem("copy", { conversation: A }), dedupe("e1"), lease("p2", T0 + 1))).toBe(
      "duplicate",
    );
    expect(await shared.finish(first, lease("p1", T0 + 2), true)).toBe("released");
  });

  it("gives an expired hold to another replica under a larger fence, and then refuses the old holder's step records and finish", async () => {
    const store = await replica();
    const one = store.shared;
    const two = (await replica()).shared;
    const old = asClaim(await one.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    await one.setStep(old, "a1", "greet#0", { state: "done", result: 1 });
    expect(await two.claim(lease("p2", T0 + LEASE_MS - 1), 10)).toEqual([]);
    const [taken] = await two.claim(lease("p2", T0 + LEASE_MS), 10);
    expect(seen(asClaim(taken ?? "released"))).toEqual({ conversation: A, head: "a1" });
    expect(taken?.fence).toBeGreaterThan(old.fence);

    await expect(one.setStep(old, "a1", "greet#1", { state: "started" })).rejects.toMatchObject({
      code: "LEASE_LOST",
    });
    expect(await one.renew(lease("p1", T0 + LEASE_MS + 1), [old])).toEqual([{ conversation: A, fence: old.fence }]);
    expect(await one.finish(old, lease("p1", T0 + LEASE_MS + 2), true)).toBe("lost");
    // Nothing of the item was forgotten: the new holder resumes it with the step done before.
    expect([...(await store.getSteps("a1")).keys()]).toEqual(["greet#0"]);
    await two.setStep(asClaim(taken ?? "released"), "a1", "greet#1", { state: "started" });
    expect(await two.finish(asClaim(taken ?? "released"), lease("p2", T0 + LEASE_MS + 3), true)).toBe("released");
    expect((await store.getSteps("a1")).size).toBe(0);
  });

  it("counts the start of an item handed to its acceptor in the acceptance, and of no other", async () => {
    const store = await replica();
    const { shared } = store;
    // Left by a replica that died: the next acceptor gets it as the head, not the item it accepted.
    await store.schedule(workItem("left", { conversation: B, dueAt: T0 }));
    expect(await shared.claim(lease("p0", T0), 0)).toEqual([]);
    asClaim(await shared.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    expect(await shared.accept(workItem("a2", { conversation: A }), dedupe("e2"), lease("p1", T0))).toBe("queued");
    const other = asClaim(await shared.accept(workItem("b1", { conversation: B }), dedupe("e3"), lease("p1", T0)));
    expect(seen(other)).toEqual({ conversation: B, head: "left" });
    // The counts as the next start finds them: a1 was started once already, the others never.
    expect(await store.countStart("a1")).toBe(2);
    expect(await store.countStart("a2")).toBe(1);
    expect(await store.countStart("b1")).toBe(1);
    expect(await store.countStart("left")).toBe(1);
  });

  it("keeps a renewed hold from being taken, and lets a released one be taken at once", async () => {
    const one = (await replica()).shared;
    const two = (await replica()).shared;
    const held = asClaim(await one.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    await one.accept(workItem("a2", { conversation: A }), dedupe("e2"), lease("p1", T0));
    expect(await one.renew(lease("p1", T0 + LEASE_MS - 1), [held])).toEqual([]);
    expect(await two.claim(lease("p2", T0 + LEASE_MS), 10)).toEqual([]);
    await one.release(lease("p1", T0 + LEASE_MS + 1), [held]);
    const [taken] = await two.claim(lease("p2", T0 + LEASE_MS + 2), 10);
    // The item that was running is the head again: the new holder resumes it first.
    expect(seen(asClaim(taken ?? "released"))).toEqual({ conversation: A, head: "a1" });
    // A release under a stale fence changes nothing.
    await one.release(lease("p1", T0 + LEASE_MS + 3), [held]);
    expect(await two.renew(lease("p2", T0 + LEASE_MS + 3), [asClaim(taken ?? "released")])).toEqual([]);
  });

  it("queues a delay that ended behind its conversation's holder, and gives it to a replica when the conversation is free", async () => {
    const store = await replica();
    const { shared } = store;
    await store.schedule(workItem("later-a", { conversation: A, dueAt: T0 + 100, cancelOn: ["message:send"] }));
    await store.schedule(workItem("later-b", { conversation: B, dueAt: T0 + 100 }));
    const held = asClaim(await shared.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    expect(await shared.claim(lease("p2", T0 + 99), 10)).toEqual([]);
    const taken = await shared.claim(lease("p2", T0 + 100), 10);
    expect(taken.map(seen)).toEqual([{ conversation: B, head: "later-b" }]);
    // Ready now: no longer cancelled by an event, and run by A's holder after a1.
    expect(await store.cancel(A, "message:send")).toEqual([]);
    expect(seen(await shared.finish(held, lease("p1", T0 + 101), true))).toEqual({ conversation: A, head: "later-a" });
  });

  it("takes at most limit conversations; a limit of 0 still moves ended delays into their queues", async () => {
    const store = await replica();
    for (const conversation of ["w/1", "w/2", "w/3"]) {
      await store.schedule(workItem(`due-${conversation}`, { conversation, dueAt: T0 }));
    }
    expect(await store.shared.claim(lease("p1", T0), 0)).toEqual([]);
    // Moved: the item-level API no longer sees them as scheduled.
    expect(await store.claimDue(lease("p9", T0), 10)).toEqual([]);
    expect((await store.shared.claim(lease("p1", T0), 2)).map(seen)).toEqual([
      { conversation: "w/1", head: "due-w/1" },
      { conversation: "w/2", head: "due-w/2" },
    ]);
    expect((await store.shared.claim(lease("p2", T0), 5)).map(seen)).toEqual([
      { conversation: "w/3", head: "due-w/3" },
    ]);
  });

  it("gives a restarted replica its holds back under new fences", async () => {
    const one = (await replica()).shared;
    const old = asClaim(await one.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    await one.accept(workItem("b1", { conversation: B }), dedupe("e2"), lease("p1", T0));
    const restarted = (await replica()).shared;
    const resumed = await restarted.claimOwned(lease("p1", T0 + 10));
    expect(resumed.map(seen).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      { conversation: A, head: "a1" },
      { conversation: B, head: "b1" },
    ]);
    expect(resumed.every((claim) => claim.fence > old.fence)).toBe(true);
    await expect(one.setStep(old, "a1", "r#0", { state: "started" })).rejects.toMatchObject({ code: "LEASE_LOST" });
    expect(await (await replica()).shared.claimOwned(lease("p2", T0 + 10))).toEqual([]);
  });

  it("moves on from a quarantined head keeping its step records, and from a head completed out of band", async () => {
    const store = await replica();
    const { shared } = store;
    const held = asClaim(await shared.accept(workItem("a1", { conversation: A }), dedupe("e1"), lease("p1", T0)));
    await shared.accept(workItem("a2", { conversation: A }), dedupe("e2"), lease("p1", T0));
    await shared.accept(workItem("a3", { conversation: A }), dedupe("e3"), lease("p1", T0));
    await shared.setStep(held, "a1", "r#0", { state: "started" });
    await store.quarantine("a1", deadLetter("a1", T0 + 1, { replay: held.head }));
    const next = asClaim(await shared.finish(held, lease("p1", T0 + 2), false));
    expect(seen(next)).toEqual({ conversation: A, head: "a2" });
    expect([...(await store.getSteps("a1")).keys()]).toEqual(["r#0"]);
    await store.complete("a2");
    expect(seen(await shared.finish(next, lease("p1", T0 + 3), false))).toEqual({ conversation: A, head: "a3" });
  });

  it("takes over, in order, the work an item-level lease left when it expired", async () => {
    const store = await replica();
    await store.accept(workItem("old", { conversation: A }), dedupe("e1"), lease("p0", T0));
    expect(await store.shared.claim(lease("p1", T0 + 1), 10)).toEqual([]);
    const [taken] = await store.shared.claim(lease("p1", T0 + LEASE_MS), 10);
    expect(seen(asClaim(taken ?? "released"))).toEqual({ conversation: A, head: "old" });
  });

  it("runs every item once and each conversation in arrival order, with three replicas accepting, finishing and taking over at once", async () => {
    const replicas = await Promise.all([replica(), replica(), replica()]);
    const conversations = ["w/1", "w/2", "w/3", "w/4"];
    const ran: string[] = [];
    const running = new Set<string>();
    const overlaps: string[] = [];
    const drive = async (claim: ConversationClaim, index: number): Promise<void> => {
      let current: ConversationClaim | HoldEnd = claim;
      while (typeof current !== "string") {
        if (running.has(current.conversation)) overlaps.push(current.conversation);
        running.add(current.conversation);
        ran.push(current.head.id);
        await new Promise((resolve) => setImmediate(resolve));
        running.delete(current.conversation);
        current = await (replicas[index] as SharingStore).shared.finish(current, lease(`p${index}`, T0), true);
      }
    };
    const drivers: Promise<void>[] = [];
    let sent = 0;
    await Promise.all(
      replicas.map(async (store, index) => {
        for (let round = 0; round < 40; round += 1) {
          sent += 1;
          const conversation = conversations[(round + index) % conversations.length] as string;
          const id = `${conversation}#${String(round).padStart(2, "0")}#${index}`;
          const answer = await store.shared.accept(workItem(id, { conversation }), dedupe(id), lease(`p${index}`, T0));
          if (typeof answer !== "string") drivers.push(drive(answer, index));
        }
      }),
    );
    await Promise.all(drivers);
    // What is left (accepted after a holder let go) is taken by polls.
    for (;;) {
      const claims = (
        await Promise.all(replicas.map((store, index) => store.shared.claim(lease(`p${index}`, T0 + 1), 10)))
      ).flat();
      if (claims.length === 0) break;
      await Promise.all(claims.map((claim) => drive(claim, 0)));
    }
    expect(overlaps).toEqual([]);
    expect(ran).toHaveLength(sent);
    expect(new Set(ran).size).toBe(sent);
    // What one replica accepted for one conversation, one after the other, ran in that order.
    for (const conversation of conversations) {
      for (let index = 0; index < replicas.length; index += 1) {
        const mine = ran.filter((id) => id.startsWith(`${conversation}#`) && id.endsWith(`#${index}`));
        expect(mine).toEqual([...mine].sort());
      }
    }
  });
});
