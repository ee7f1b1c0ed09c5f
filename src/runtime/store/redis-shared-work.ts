import type { Redis } from "ioredis";
import { KitError } from "../../core/errors/kit-error.js";
import type { ConversationClaim, Hold, HoldEnd, SharedAcceptance, SharedWork } from "../../core/ports/shared-work.js";
import type { SocketMark } from "../../core/ports/socket-leases.js";
import type { DedupeClaim, Lease, StepRecord, WorkItem } from "../../core/ports/store.js";
import { holdValue } from "./redis-socket-leases.js";
import type { RedisSharedScriptName } from "./redis-shared-scripts.js";

/** The client with the shared-work scripts defined on it. */
export type SharedScriptClient = Redis & Record<RedisSharedScriptName, (...args: string[]) => Promise<unknown>>;

/**
 * {@link SharedWork} on the Redis store: each operation is one script (redis-shared-scripts.ts),
 * atomic on the server, so a conversation is granted to one replica at a time and a fencing token
 * is checked in the same step as the write it guards.
 */
export function createRedisSharedWork(
  client: SharedScriptClient,
  prefix: string,
  cleanUpAfter: (until: number, now: number) => number,
): SharedWork {
  return {
    async accept(item: WorkItem, dedupe: DedupeClaim, owner: Lease, socket?: SocketMark): Promise<SharedAcceptance> {
      const answer = (await client.crispSharedAccept(
        prefix,
        dedupe.key,
        text(owner.now),
        text(dedupe.until),
        text(cleanUpAfter(dedupe.until, owner.now)),
        item.id,
        item.conversation,
        text(item.dueAt),
        JSON.stringify(item.cancelOn),
        item.payload,
        owner.id,
        text(owner.now + owner.leaseMs),
        socket === undefined ? "" : holdValue(socket.hold),
        socket?.identity ?? "",
      )) as string[];
      const [outcome, ...rest] = answer;
      if (outcome === "duplicate" || outcome === "queued" || outcome === "refused") return outcome;
      // The item itself, which the caller has: not sent back.
      if (outcome === "own") return { conversation: item.conversation, fence: Number(rest[0]), head: item };
      return toClaims(rest)[0] ?? "queued";
    },

    async claim(owner: Lease, limit: number): Promise<ConversationClaim[]> {
      const leaseUntil = text(owner.now + owner.leaseMs);
      const answer = await client.crispSharedClaim(prefix, owner.id, text(owner.now), leaseUntil, text(limit));
      return toClaims(answer as string[]);
    },

    async claimOwned(owner: Lease): Promise<ConversationClaim[]> {
      const leaseUntil = text(owner.now + owner.leaseMs);
      return toClaims((await client.crispSharedClaimOwned(prefix, owner.id, text(owner.now), leaseUntil)) as string[]);
    },

    async finish(claim: ConversationClaim, owner: Lease, forget: boolean): Promise<ConversationClaim | HoldEnd> {
      const answer = (await client.crispSharedFinish(
        prefix,
        claim.conversation,
        text(claim.fence),
        claim.head.id,
        text(owner.now + owner.leaseMs),
        forget ? "1" : "0",
      )) as string[];
      const [outcome, ...rest] = answer;
      if (outcome === "lost" || outcome === "released") return outcome;
      return toClaims(rest)[0] ?? "released";
    },

    async renew(owner: Lease, holds: readonly Hold[]): Promise<Hold[]> {
      if (holds.length === 0) return [];
      const lost = (await client.crispSharedRenew(
        prefix,
        owner.id,
        text(owner.now + owner.leaseMs),
        ...holdArgs(holds),
      )) as string[];
      const answer: Hold[] = [];
      for (let index = 0; index + 1 < lost.length; index += 2) {
        answer.push({ conversation: lost[index] as string, fence: Number(lost[index + 1]) });
      }
      return answer;
    },

    async release(_owner: Lease, holds: readonly Hold[]): Promise<void> {
      if (holds.length === 0) return;
      await client.crispSharedRelease(prefix, ...holdArgs(holds));
    },

    async setStep(hold: Hold, workId: string, stepKey: string, record: StepRecord): Promise<void> {
      const written = await client.crispSharedSetStep(
        prefix,
        hold.conversation,
        text(hold.fence),
        workId,
        stepKey,
        JSON.stringify(record),
      );
      if (written === 1) return;
      throw new KitError(
        "LEASE_LOST",
        `conversation ${hold.conversation} is held by another replica now (fencing token ${hold.fence} is stale): step ${stepKey} of work ${workId} not started here`,
        { context: { conversation: hold.conversation, fence: hold.fence, work: workId, step: stepKey } },
      );
    },
  };
}

function holdArgs(holds: readonly Hold[]): string[] {
  return holds.flatMap((hold) => [hold.conversation, text(hold.fence)]);
}

/** Claims from a script's flat answer: conversation, fence, id, dueAt, cancelOn, payload, then the next. */
function toClaims(fields: readonly string[]): ConversationClaim[] {
  const claims: ConversationClaim[] = [];
  for (let index = 0; index + 5 < fields.length; index += 6) {
    const [conversation, fence, id, dueAt, cancelOn, payload] = fields.slice(index, index + 6) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    claims.push({
      conversation,
      fence: Number(fence),
      head: { id, conversation, dueAt: Number(dueAt), cancelOn: JSON.parse(cancelOn) as string[], payload },
    });
  }
  return claims;
}

/** A number as Redis and Lua read it: an integer never in exponent notation. */
function text(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}
