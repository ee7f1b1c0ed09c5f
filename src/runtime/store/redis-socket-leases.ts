import type { Redis } from "ioredis";
import type { SocketHold, SocketLeases, SocketRole } from "../../core/ports/socket-leases.js";

/**
 * The socket leases' scripts. A role's lease is the string `P socket:ROLE` = `FENCE:OWNER`, set with
 * `PX` so that Redis itself expires it; `P socket:fence` numbers the grants; `P socket:log` is the
 * stream of socket events the holder accepted (written by the accept script).
 */
export const REDIS_SOCKET_SCRIPTS = {
  /** ARGV: prefix, role, owner, ttl. Answers the new fence, or 0 when the role is held. */
  crispSocketAcquire: `
    local key = ARGV[1] .. 'socket:' .. ARGV[2]
    if redis.call('EXISTS', key) == 1 then return 0 end
    local fence = redis.call('INCR', ARGV[1] .. 'socket:fence')
    redis.call('SET', key, fence .. ':' .. ARGV[3], 'PX', ARGV[4])
    return fence`,

  /** ARGV: prefix, role, value, ttl. Answers 1 when renewed, 0 when the lease is not that value's any more. */
  crispSocketRenew: `
    local key = ARGV[1] .. 'socket:' .. ARGV[2]
    if redis.call('GET', key) ~= ARGV[3] then return 0 end
    redis.call('PEXPIRE', key, ARGV[4])
    return 1`,

  /** ARGV: prefix, role, value. */
  crispSocketRelease: `
    local key = ARGV[1] .. 'socket:' .. ARGV[2]
    if redis.call('GET', key) == ARGV[3] then redis.call('DEL', key) end
    return 1`,
} as const;

/** The name of a socket lease script, as a method on the client. */
export type RedisSocketScriptName = keyof typeof REDIS_SOCKET_SCRIPTS;

type SocketScriptClient = Redis & Record<RedisSocketScriptName, (...args: string[]) => Promise<unknown>>;

/** The value a hold's lease has in Redis: what the accept script compares socket events against. */
export function holdValue(hold: SocketHold): string {
  return `${hold.fence}:${hold.owner}`;
}

/**
 * {@link SocketLeases} on Redis: role leases with `PX` and fencing tokens, the holder's log as a
 * stream, and lifecycle broadcasts over pub/sub (on a connection of their own, as Redis requires
 * of a subscriber; ioredis subscribes again after a reconnect).
 */
export function createRedisSocketLeases(client: SocketScriptClient, prefix: string): SocketLeases {
  const channel = `${prefix}broadcast`;
  const logKey = `${prefix}socket:log`;
  return {
    async acquire(role: SocketRole, owner: string, ttlMs: number): Promise<SocketHold | undefined> {
      const fence = Number(await client.crispSocketAcquire(prefix, role, owner, String(Math.ceil(ttlMs))));
      return fence > 0 ? { role, owner, fence } : undefined;
    },
    async renew(hold: SocketHold, ttlMs: number): Promise<boolean> {
      const renewed = await client.crispSocketRenew(prefix, hold.role, holdValue(hold), String(Math.ceil(ttlMs)));
      return renewed === 1;
    },
    async release(hold: SocketHold): Promise<void> {
      await client.crispSocketRelease(prefix, hold.role, holdValue(hold));
    },
    async holders() {
      const [holder, standby] = await client.mget(`${prefix}socket:holder`, `${prefix}socket:standby`);
      return { ...ownerOf("holder", holder ?? null), ...ownerOf("standby", standby ?? null) };
    },
    async logEnd() {
      const last = (await client.xrevrange(logKey, "+", "-", "COUNT", 1))[0];
      return last?.[0] ?? "0-0";
    },
    async readLog(from: string, count: number) {
      const entries = await client.xrange(logKey, `(${from}`, "+", "COUNT", count);
      const identities = entries.map(([, fields]) => fields[1] ?? "");
      return { next: entries.at(-1)?.[0] ?? from, identities };
    },
    async broadcast(message: string) {
      await client.publish(channel, message);
    },
    async listen(onMessage: (message: string) => void) {
      const subscriber = client.duplicate();
      subscriber.on("error", () => undefined); // reconnects by itself; what was missed, reconciliation repairs
      subscriber.on("message", (from: string, message: string) => {
        if (from === channel) onMessage(message);
      });
      await subscriber.subscribe(channel);
      return async () => {
        await subscriber.quit().catch(() => {
          subscriber.disconnect();
        });
      };
    },
  };
}

function ownerOf(role: SocketRole, value: string | null): Partial<Record<SocketRole, string>> {
  if (value === null) return {};
  const colon = value.indexOf(":");
  return { [role]: value.slice(colon + 1) };
}
