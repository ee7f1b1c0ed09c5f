import { Redis } from "ioredis";
import { KitError } from "../../core/errors/kit-error.js";
import { CLEAN_UP_MARGIN_MS } from "./clean-up-margin.js";
import { compareDeadLetters } from "./compare-dead-letters.js";
import { compareWorkItems } from "./compare-work-items.js";
import { redactUrl } from "../../core/logging/redact-url.js";
import { REDIS_SCRIPTS, type RedisScriptName } from "./redis-scripts.js";
import { REDIS_SHARED_SCRIPTS } from "./redis-shared-scripts.js";
import { createRedisSharedWork, type SharedScriptClient } from "./redis-shared-work.js";
import { createRedisSocketLeases, REDIS_SOCKET_SCRIPTS, type RedisSocketScriptName } from "./redis-socket-leases.js";
import type { SharedWork, SharingStore } from "../../core/ports/shared-work.js";
import type { SocketLeases } from "../../core/ports/socket-leases.js";
import type { CounterIncrement, DeadLetter, DedupeClaim, Lease, StepRecord, WorkItem } from "../../core/ports/store.js";

/** Options of {@link openRedisStore}. */
export interface RedisStoreOptions {
  /** Put before every key, so several plugins (or tests) share one Redis. Default `crisp-plugin:`. */
  readonly prefix?: string;
}

type ScriptClient = SharedScriptClient &
  Record<RedisScriptName | RedisSocketScriptName, (...args: string[]) => Promise<unknown>>;

/**
 * Connects to the Redis store at `url` (`REDIS_URL`): the backend for several replicas sharing work.
 * Every operation touching more than one key is a Lua script, atomic on the server. Times are
 * compared with the `now` the caller passes, never Redis's clock; keys also expire in real time, but
 * only as clean-up, the margin (an hour, `CLEAN_UP_MARGIN_MS`) after the end the caller asked for
 * (measured from its `now`, so an injected clock far from the real one never makes a key vanish early).
 */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<SharingStore> {
  // No auto-pipelining: it defers each command to the end of the turn, sends one pipeline at a time
  // (a command issued while one is answered waits for it) and doubles the client's CPU per command;
  // written at once, a burst's commands still share the server's reads (bench/redis-client-cost.ts).
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  let lastError: unknown;
  // Connection errors reach callers as rejected operations; this keeps ioredis from also printing them.
  client.on("error", (error: unknown) => {
    lastError = error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new KitError(
      "CONFIGURATION_INVALID",
      `cannot connect to the Redis store at ${redactUrl(url)} (REDIS_URL): ${messageOf(lastError ?? error)}; check that Redis runs and the URL is right, or unset REDIS_URL to use the embedded SQLite store`,
      { cause: lastError ?? error, kind: "retryable" },
    );
  }
  for (const [name, lua] of Object.entries({ ...REDIS_SCRIPTS, ...REDIS_SHARED_SCRIPTS, ...REDIS_SOCKET_SCRIPTS })) {
    client.defineCommand(name, { numberOfKeys: 0, lua });
  }
  return new RedisStore(client as ScriptClient, options.prefix ?? "crisp-plugin:");
}

class RedisStore implements SharingStore {
  readonly kind = "redis" as const;
  /** Replicas sharing this Redis hold work by conversation (redis-shared-work.ts). */
  readonly shared: SharedWork;
  /** The fleet's one RTM socket (redis-socket-leases.ts). */
  readonly sockets: SocketLeases;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: ScriptClient,
    private readonly prefix: string,
  ) {
    this.shared = createRedisSharedWork(client, prefix, cleanUpAfter);
    this.sockets = createRedisSocketLeases(client, prefix);
  }

  async accept(item: WorkItem, claim: DedupeClaim, owner: Lease): Promise<"accepted" | "duplicate"> {
    const dedupe = [claim.key, text(owner.now), text(claim.until), text(cleanUpAfter(claim.until, owner.now))];
    const lease = [owner.id, text(owner.now + owner.leaseMs)];
    const written = await this.client.crispStoreAccept(this.prefix, ...dedupe, ...itemArgs(item), ...lease);
    return written === 1 ? "accepted" : "duplicate";
  }

  async schedule(item: WorkItem): Promise<void> {
    await this.client.crispStoreSchedule(this.prefix, ...itemArgs(item), item.cancelOn.length > 0 ? "1" : "0");
  }

  async claimDue(owner: Lease, limit: number): Promise<WorkItem[]> {
    if (limit < 1) return [];
    const leaseUntil = text(owner.now + owner.leaseMs);
    const answer = await this.client.crispStoreClaimDue(
      this.prefix,
      owner.id,
      text(owner.now),
      leaseUntil,
      text(limit),
    );
    return toWorkItems(answer);
  }

  async claimOwned(owner: Lease): Promise<WorkItem[]> {
    const answer = await this.client.crispStoreClaimOwned(this.prefix, owner.id, text(owner.now + owner.leaseMs));
    return toWorkItems(answer);
  }

  async cancel(conversation: string, eventName: string): Promise<string[]> {
    const ids = (await this.client.crispStoreCancel(this.prefix, conversation, eventName)) as string[];
    return ids.sort();
  }

  async complete(id: string): Promise<void> {
    await this.client.crispStoreComplete(this.prefix, id);
  }

  async countStart(id: string): Promise<number> {
    return Number(await this.client.crispStoreCountStart(this.prefix, id));
  }

  async quarantine(id: string, letter: DeadLetter): Promise<void> {
    await this.client.crispStoreQuarantine(this.prefix, id, letter.id, JSON.stringify(letter));
  }

  async getSteps(workId: string): Promise<ReadonlyMap<string, StepRecord>> {
    const records = await this.client.hgetall(`${this.prefix}steps:${workId}`);
    return new Map(Object.entries(records).map(([key, json]) => [key, JSON.parse(json) as StepRecord]));
  }

  async setStep(workId: string, stepKey: string, record: StepRecord): Promise<void> {
    await this.client.hset(`${this.prefix}steps:${workId}`, stepKey, JSON.stringify(record));
  }

  async claimGuard(key: string, holder: string, until: number | null, now: number): Promise<boolean> {
    const ttl = until === null ? "" : text(cleanUpAfter(until, now));
    const taken = await this.client.crispStoreClaimGuard(
      this.prefix,
      key,
      holder,
      until === null ? "" : text(until),
      text(now),
      ttl,
    );
    return taken === 1;
  }

  async increment(key: string, by: number, expiresAt: number, now: number): Promise<number> {
    const [value] = await this.incrementAll([{ key, by, expiresAt, now }]);
    return value as number;
  }

  async incrementAll(increments: readonly CounterIncrement[]): Promise<number[]> {
    if (increments.length === 0) return [];
    const args = increments.flatMap(({ key, by, expiresAt, now }) => [key, String(by), text(expiresAt), text(now)]);
    const values = (await this.client.crispStoreIncrementAll(
      this.prefix,
      text(CLEAN_UP_MARGIN_MS),
      ...args,
    )) as string[];
    return values.map(Number);
  }

  async readCounter(key: string, now: number): Promise<number> {
    const [value, expiresAt] = await this.client.hmget(`${this.prefix}counter:${key}`, "value", "expiresAt");
    return value != null && Number(expiresAt) > now ? Number(value) : 0;
  }

  async addDeadLetter(letter: DeadLetter): Promise<void> {
    await this.client.hset(`${this.prefix}dead-letters`, letter.id, JSON.stringify(letter));
  }

  async listDeadLetters(): Promise<DeadLetter[]> {
    const letters = await this.client.hvals(`${this.prefix}dead-letters`);
    return letters.map((json) => JSON.parse(json) as DeadLetter).sort(compareDeadLetters);
  }

  async takeDeadLetter(id: string): Promise<DeadLetter | undefined> {
    const json = await this.client.crispStoreTakeDeadLetter(this.prefix, id);
    return typeof json === "string" ? (JSON.parse(json) as DeadLetter) : undefined;
  }

  close(): Promise<void> {
    this.closing ??= this.client.quit().then(
      () => undefined,
      () => {
        this.client.disconnect(); // the connection was already lost: nothing left to flush
      },
    );
    return this.closing;
  }
}

/** Milliseconds a key lives in real time: until the caller's end, measured from its `now`, plus the margin. */
function cleanUpAfter(until: number, now: number): number {
  return Math.ceil(Math.max(until - now, 0) + CLEAN_UP_MARGIN_MS);
}

/** A number as Redis and Lua read it: an integer never in exponent notation. */
function text(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

function itemArgs(item: WorkItem): string[] {
  return [item.id, item.conversation, text(item.dueAt), JSON.stringify(item.cancelOn), item.payload];
}

/** Items from a script's flat answer: id, conversation, dueAt, cancelOn, payload, then the next. */
function toWorkItems(answer: unknown): WorkItem[] {
  const fields = answer as string[];
  const items: WorkItem[] = [];
  for (let index = 0; index + 4 < fields.length; index += 5) {
    const [id, conversation, dueAt, cancelOn, payload] = fields.slice(index, index + 5) as [
      string,
      string,
      string,
      string,
      string,
    ];
    items.push({ id, conversation, dueAt: Number(dueAt), cancelOn: JSON.parse(cancelOn) as string[], payload });
  }
  return items.sort(compareWorkItems);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
