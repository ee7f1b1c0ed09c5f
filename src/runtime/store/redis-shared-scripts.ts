import { HELPERS } from "./redis-scripts.js";

/**
 * Conversations held by replicas (see `SharedWork`; key layout in redis-scripts.ts). A hold is the
 * hash `hold:C` (owner, fence, until), indexed by lease end in `holds`; a conversation with queued
 * work and no hold is listed in `free`. Each grant takes a new fencing token from `fence`, so a
 * write under an older one (a replica that lost its hold) is refused here, atomically with the
 * check. Answers list claims flat: conversation, fence, id, dueAt, cancelOn, payload per claim.
 */
const SHARED_HELPERS = `${HELPERS}
local function queueKey(c) return prefix .. 'queue:' .. c end
local function holdKey(c) return prefix .. 'hold:' .. c end
-- The earliest item of the conversation, and its arrival; ids whose item is gone are dropped.
local function headOf(c)
  while true do
    local head = redis.call('ZRANGE', queueKey(c), 0, 0, 'WITHSCORES')
    if not head[1] then return nil end
    if redis.call('EXISTS', itemKey(head[1])) == 1 then return head[1], head[2] end
    redis.call('ZREM', queueKey(c), head[1])
  end
end
local function markFree(c)
  local id, seq = headOf(c)
  if id then redis.call('ZADD', prefix .. 'free', seq, c) else redis.call('ZREM', prefix .. 'free', c) end
end
local function enqueue(id, c)
  local seq = redis.call('INCR', prefix .. 'seq')
  redis.call('HSET', itemKey(id), 'seq', seq, 'owner', '', 'leaseUntil', '')
  redis.call('ZADD', queueKey(c), seq, id)
end
local function liveHolder(c, now)
  local hold = redis.call('HMGET', holdKey(c), 'owner', 'until')
  if hold[1] and tonumber(hold[2]) > tonumber(now) then return hold[1] end
  return nil
end
-- A hold's hash and its entry in 'holds' are written and deleted together.
local function drop(c)
  local owner = redis.call('HGET', holdKey(c), 'owner')
  if not owner then return end
  redis.call('SREM', prefix .. 'held:' .. owner, c)
  redis.call('DEL', holdKey(c))
  redis.call('ZREM', prefix .. 'holds', c)
end
local function pushClaim(c, fence, id, out)
  local f = redis.call('HMGET', itemKey(id), 'dueAt', 'cancelOn', 'payload')
  for _, value in ipairs({ c, tostring(fence), id, f[1], f[2], f[3] }) do table.insert(out, value) end
end
-- Holds the conversation for owner under a new fencing token (its previous hold dropped first).
local function hold(c, owner, untilAt)
  local fence = redis.call('INCR', prefix .. 'fence')
  redis.call('HSET', holdKey(c), 'owner', owner, 'fence', fence, 'until', untilAt)
  redis.call('ZADD', prefix .. 'holds', untilAt, c)
  redis.call('SADD', prefix .. 'held:' .. owner, c)
  redis.call('ZREM', prefix .. 'free', c)
  return fence
end
-- Gives the conversation to owner under a new fencing token; nothing when it has no work left.
local function grant(c, owner, untilAt, out)
  drop(c)
  local id = headOf(c)
  if not id then
    redis.call('ZREM', prefix .. 'free', c)
    return
  end
  pushClaim(c, hold(c, owner, untilAt), id, out)
end
-- Items that are ready (a delay that ended, a lease of the item-level API that expired) join the
-- end of their conversation's queue.
local function join(ids, now)
  for _, id in ipairs(ids) do
    local c = redis.call('HGET', itemKey(id), 'conversation')
    if c then
      unindex(id)
      enqueue(id, c)
      if not liveHolder(c, now) then markFree(c) end
    else
      redis.call('ZREM', prefix .. 'due', id)
      redis.call('ZREM', prefix .. 'leases', id)
    end
  end
end
`;

/**
 * How many accepted socket events the holder's log keeps: far more than a stand-by reading it every
 * second is ever behind.
 */
const SOCKET_LOG_LENGTH = 100_000;

/** How many ready items or expired holds one claim moves at most: the rest move on the next poll. */
const MOVES_PER_CLAIM = 1000;

/** The shared-work scripts, each atomic on the server; defined on the client with `defineCommand`. */
export const REDIS_SHARED_SCRIPTS = {
  /**
   * ARGV: prefix, dedupe key, now, dedupe until, dedupe ttl, id, conversation, dueAt, cancelOn,
   * payload, owner, leaseUntil, socket holder ('' for an event not from the socket: else the
   * holder lease's value it was accepted under), socket identity (logged when accepted).
   * Answers 'refused', 'duplicate', 'queued', 'own' and the fence (the caller holds the
   * conversation, and this item is its head, its start counted here), or 'claimed' and the claim
   * of an earlier item (the caller holds the conversation, whose queue had work left by a replica
   * whose hold expired).
   */
  crispSharedAccept: `${SHARED_HELPERS}
    if ARGV[13] ~= '' and redis.call('GET', prefix .. 'socket:holder') ~= ARGV[13] then return { 'refused' } end
    local dedupe = prefix .. 'dedupe:' .. ARGV[2]
    local held = redis.call('GET', dedupe)
    if held and tonumber(held) > tonumber(ARGV[3]) then return { 'duplicate' } end
    redis.call('SET', dedupe, ARGV[4], 'PX', ARGV[5])
    if ARGV[14] ~= '' then
      redis.call('XADD', prefix .. 'socket:log', 'MAXLEN', '~', ${SOCKET_LOG_LENGTH}, '*', 'id', ARGV[14])
    end
    local id, c, now = ARGV[6], ARGV[7], ARGV[3]
    unindex(id)
    local live = liveHolder(c, now)
    -- Earlier work of a conversation no one holds: left by a replica whose hold expired.
    local ahead = nil
    if not live then ahead = headOf(c) end
    local own = not live and not ahead
    local seq = redis.call('INCR', prefix .. 'seq')
    redis.call('HSET', itemKey(id), 'conversation', c, 'dueAt', ARGV[8], 'cancelOn', ARGV[9],
      'payload', ARGV[10], 'starts', own and 1 or 0, 'seq', seq, 'owner', '', 'leaseUntil', '')
    redis.call('ZADD', queueKey(c), seq, id)
    if live then return { 'queued' } end
    drop(c)
    local fence = hold(c, ARGV[11], ARGV[12])
    -- Handed to the caller at once: its start is counted above, in the same write.
    if own then return { 'own', tostring(fence) } end
    local out = { 'claimed' }
    pushClaim(c, fence, ahead, out)
    return out`,

  /** ARGV: prefix, owner, now, leaseUntil, limit. Answers claims. */
  crispSharedClaim: `${SHARED_HELPERS}
    local now = ARGV[3]
    join(redis.call('ZRANGEBYSCORE', prefix .. 'due', '-inf', now, 'LIMIT', 0, ${MOVES_PER_CLAIM}), now)
    join(redis.call('ZRANGEBYSCORE', prefix .. 'leases', '-inf', now, 'LIMIT', 0, ${MOVES_PER_CLAIM}), now)
    for _, c in ipairs(redis.call('ZRANGEBYSCORE', prefix .. 'holds', '-inf', now, 'LIMIT', 0, ${MOVES_PER_CLAIM})) do
      drop(c)
      markFree(c)
    end
    local out = {}
    local limit = tonumber(ARGV[5])
    if limit < 1 then return out end
    for _, c in ipairs(redis.call('ZRANGE', prefix .. 'free', 0, limit - 1)) do grant(c, ARGV[2], ARGV[4], out) end
    return out`,

  /** ARGV: prefix, owner, now, leaseUntil. Answers claims: the owner's holds, re-granted. */
  crispSharedClaimOwned: `${SHARED_HELPERS}
    local owner, now = ARGV[2], ARGV[3]
    join(redis.call('SMEMBERS', prefix .. 'owned:' .. owner), now)
    local out = {}
    for _, c in ipairs(redis.call('SMEMBERS', prefix .. 'held:' .. owner)) do
      if redis.call('HGET', holdKey(c), 'owner') == owner then
        grant(c, owner, ARGV[4], out)
      else
        redis.call('SREM', prefix .. 'held:' .. owner, c)
      end
    end
    return out`,

  /**
   * ARGV: prefix, conversation, fence, id, leaseUntil, forget ('1': the head is done, forget it and
   * its steps). Answers 'lost', 'released', or 'claimed' and the next claim.
   */
  crispSharedFinish: `${SHARED_HELPERS}
    local c, fence, id = ARGV[2], ARGV[3], ARGV[4]
    if redis.call('HGET', holdKey(c), 'fence') ~= fence then return { 'lost' } end
    if ARGV[6] == '1' and redis.call('HGET', itemKey(id), 'conversation') == c then
      unindex(id)
      redis.call('DEL', itemKey(id), prefix .. 'steps:' .. id)
    end
    local following = headOf(c)
    if not following then
      drop(c)
      return { 'released' }
    end
    redis.call('HSET', holdKey(c), 'until', ARGV[5])
    redis.call('ZADD', prefix .. 'holds', ARGV[5], c)
    local out = { 'claimed' }
    pushClaim(c, fence, following, out)
    return out`,

  /** ARGV: prefix, owner, leaseUntil, then conversation and fence per hold. Answers the holds lost, flat. */
  crispSharedRenew: `${SHARED_HELPERS}
    local lost = {}
    for index = 4, #ARGV, 2 do
      local c, fence = ARGV[index], ARGV[index + 1]
      local hold = redis.call('HMGET', holdKey(c), 'owner', 'fence')
      if hold[1] == ARGV[2] and hold[2] == fence then
        redis.call('HSET', holdKey(c), 'until', ARGV[3])
        redis.call('ZADD', prefix .. 'holds', ARGV[3], c)
      else
        table.insert(lost, c)
        table.insert(lost, fence)
      end
    end
    return lost`,

  /** ARGV: prefix, then conversation and fence per hold. */
  crispSharedRelease: `${SHARED_HELPERS}
    for index = 2, #ARGV, 2 do
      local c = ARGV[index]
      if redis.call('HGET', holdKey(c), 'fence') == ARGV[index + 1] then
        drop(c)
        markFree(c)
      end
    end
    return 1`,

  /** ARGV: prefix, conversation, fence, work id, step key, record JSON. Answers 0 (nothing written) when the fence is not current. */
  crispSharedSetStep: `${SHARED_HELPERS}
    if redis.call('HGET', holdKey(ARGV[2]), 'fence') ~= ARGV[3] then return 0 end
    redis.call('HSET', prefix .. 'steps:' .. ARGV[4], ARGV[5], ARGV[6])
    return 1`,
} as const;

/** The name of a shared-work script, as a method on the client. */
export type RedisSharedScriptName = keyof typeof REDIS_SHARED_SCRIPTS;
