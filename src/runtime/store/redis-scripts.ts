/**
 * Key layout, under the store's prefix P (every script gets P as ARGV[1]):
 * - `P item:ID` hash: conversation, dueAt, cancelOn (JSON), payload, owner ('' when unowned), leaseUntil,
 *   starts (how many times it was started)
 * - `P due` sorted set of unowned item ids by dueAt; `P leases` owned item ids by lease end
 * - `P owned:OWNER` set of the owner's item ids; `P cancellable:CONVERSATION` unowned items with cancelOn
 * - `P steps:ID` hash of step key to JSON record; `P dedupe:KEY` the end of the window
 * - `P guard:KEY` hash: holder, until ('' for ever); `P counter:KEY` hash: value, expiresAt
 * - `P dead-letters` hash of id to JSON letter
 * - shared work (redis-shared-scripts.ts): `P queue:CONVERSATION` sorted set of the conversation's
 *   ready item ids by arrival (`seq` in the item hash), `P hold:CONVERSATION` hash: owner, fence,
 *   until; `P holds` held conversations by lease end, `P free` unheld conversations with work by
 *   their head's arrival, `P held:OWNER` the owner's conversations, `P seq` and `P fence` counters
 * Scripts compute keys from P rather than declaring them: fine for one Redis server, not for a cluster.
 */
export const HELPERS = `
local prefix = ARGV[1]
local function itemKey(id) return prefix .. 'item:' .. id end
-- An item is in one family of indexes at a time: its conversation's queue (it has a 'seq'), or
-- due/leases/owned/cancellable; each script putting it in one takes it out of the other first.
local function unindex(id)
  local fields = redis.call('HMGET', itemKey(id), 'owner', 'conversation', 'seq')
  if not fields[2] then return end
  if fields[3] then
    local queue = prefix .. 'queue:' .. fields[2]
    redis.call('ZREM', queue, id)
    redis.call('HDEL', itemKey(id), 'seq')
    if redis.call('ZCARD', queue) == 0 then redis.call('ZREM', prefix .. 'free', fields[2]) end
    return
  end
  redis.call('ZREM', prefix .. 'due', id)
  redis.call('ZREM', prefix .. 'leases', id)
  if fields[1] and fields[1] ~= '' then redis.call('SREM', prefix .. 'owned:' .. fields[1], id) end
  redis.call('SREM', prefix .. 'cancellable:' .. fields[2], id)
end
local function take(id, owner, leaseUntil, out)
  local item = itemKey(id)
  local fields = redis.call('HMGET', item, 'owner', 'conversation', 'dueAt', 'cancelOn', 'payload')
  if not fields[2] then return end
  unindex(id)
  redis.call('HSET', item, 'owner', owner, 'leaseUntil', leaseUntil)
  redis.call('ZADD', prefix .. 'leases', leaseUntil, id)
  redis.call('SADD', prefix .. 'owned:' .. owner, id)
  for _, value in ipairs({ id, fields[2], fields[3], fields[4], fields[5] }) do table.insert(out, value) end
end
`;

/** Adds to one counter (see `Store.increment`); answers its new value as text. */
const INCREMENT = `
local function increment(key, by, expiresAt, now, margin)
  local counter = prefix .. 'counter:' .. key
  now, expiresAt = tonumber(now), tonumber(expiresAt)
  local value = tonumber(by)
  local held = redis.call('HMGET', counter, 'value', 'expiresAt')
  if held[1] and tonumber(held[2]) > now then
    value = value + tonumber(held[1])
    expiresAt = math.max(expiresAt, tonumber(held[2]))
  end
  local text = string.format('%.17g', value)
  redis.call('HSET', counter, 'value', text, 'expiresAt', string.format('%.0f', expiresAt))
  redis.call('PEXPIRE', counter, string.format('%.0f', math.max(expiresAt - now, 0) + tonumber(margin)))
  return text
end
`;

/** How many expired leases one claim looks at: a dead replica's work is taken over in slices. */
const EXPIRED_LEASES_PER_CLAIM = 1000;

/** The store's Lua scripts, each atomic on the server; defined on the client with `defineCommand`. */
export const REDIS_SCRIPTS = {
  /** ARGV: prefix, dedupe key, now, dedupe until, dedupe ttl, id, conversation, dueAt, cancelOn, payload, owner, leaseUntil. */
  crispStoreAccept: `${HELPERS}
    local dedupe = prefix .. 'dedupe:' .. ARGV[2]
    local held = redis.call('GET', dedupe)
    if held and tonumber(held) > tonumber(ARGV[3]) then return 0 end
    redis.call('SET', dedupe, ARGV[4], 'PX', ARGV[5])
    local id, owner = ARGV[6], ARGV[11]
    unindex(id)
    redis.call('HSET', itemKey(id), 'conversation', ARGV[7], 'dueAt', ARGV[8], 'cancelOn', ARGV[9],
      'payload', ARGV[10], 'owner', owner, 'leaseUntil', ARGV[12], 'starts', 0)
    redis.call('ZADD', prefix .. 'leases', ARGV[12], id)
    redis.call('SADD', prefix .. 'owned:' .. owner, id)
    return 1`,

  /** ARGV: prefix, id, conversation, dueAt, cancelOn, payload, cancellable ('1' or '0'). */
  crispStoreSchedule: `${HELPERS}
    local id = ARGV[2]
    unindex(id)
    redis.call('HSET', itemKey(id), 'conversation', ARGV[3], 'dueAt', ARGV[4], 'cancelOn', ARGV[5],
      'payload', ARGV[6], 'owner', '', 'leaseUntil', '', 'starts', 0)
    redis.call('ZADD', prefix .. 'due', ARGV[4], id)
    if ARGV[7] == '1' then redis.call('SADD', prefix .. 'cancellable:' .. ARGV[3], id) end
    return 1`,

  /** ARGV: prefix, owner, now, leaseUntil, limit. Answers id, conversation, dueAt, cancelOn, payload per item. */
  crispStoreClaimDue: `${HELPERS}
    local now, limit = ARGV[3], tonumber(ARGV[5])
    local candidates = {}
    local function consider(ids)
      for _, id in ipairs(ids) do
        local dueAt = redis.call('HGET', itemKey(id), 'dueAt')
        if dueAt then table.insert(candidates, { id = id, dueAt = tonumber(dueAt) }) end
      end
    end
    consider(redis.call('ZRANGEBYSCORE', prefix .. 'due', '-inf', now, 'LIMIT', 0, limit))
    consider(redis.call('ZRANGEBYSCORE', prefix .. 'leases', '-inf', now, 'LIMIT', 0, ${EXPIRED_LEASES_PER_CLAIM}))
    table.sort(candidates, function(a, b)
      if a.dueAt ~= b.dueAt then return a.dueAt < b.dueAt end
      return a.id < b.id
    end)
    local out = {}
    for index = 1, math.min(limit, #candidates) do take(candidates[index].id, ARGV[2], ARGV[4], out) end
    return out`,

  /** ARGV: prefix, owner, leaseUntil. Answers like crispStoreClaimDue. */
  crispStoreClaimOwned: `${HELPERS}
    local out = {}
    for _, id in ipairs(redis.call('SMEMBERS', prefix .. 'owned:' .. ARGV[2])) do take(id, ARGV[2], ARGV[3], out) end
    return out`,

  /** ARGV: prefix, conversation, event name. Answers the ids cancelled. */
  crispStoreCancel: `${HELPERS}
    local set = prefix .. 'cancellable:' .. ARGV[2]
    local cancelled = {}
    for _, id in ipairs(redis.call('SMEMBERS', set)) do
      local fields = redis.call('HMGET', itemKey(id), 'owner', 'cancelOn')
      local listed = false
      if fields[1] == '' and fields[2] then
        for _, name in ipairs(cjson.decode(fields[2])) do if name == ARGV[3] then listed = true end end
      end
      if listed then
        unindex(id)
        redis.call('DEL', itemKey(id), prefix .. 'steps:' .. id)
        table.insert(cancelled, id)
      end
    end
    return cancelled`,

  /** ARGV: prefix, id. */
  crispStoreComplete: `${HELPERS}
    unindex(ARGV[2])
    redis.call('DEL', itemKey(ARGV[2]), prefix .. 'steps:' .. ARGV[2])
    return 1`,

  /** ARGV: prefix, id. Answers the item's starts after counting this one; 0 for no such item. */
  crispStoreCountStart: `${HELPERS}
    local item = itemKey(ARGV[2])
    if redis.call('EXISTS', item) == 0 then return 0 end
    return redis.call('HINCRBY', item, 'starts', 1)`,

  /** ARGV: prefix, id, letter id, letter JSON. Forgets the item (not its steps), keeps the letter. */
  crispStoreQuarantine: `${HELPERS}
    unindex(ARGV[2])
    redis.call('DEL', itemKey(ARGV[2]))
    redis.call('HSET', prefix .. 'dead-letters', ARGV[3], ARGV[4])
    return 1`,

  /** ARGV: prefix, key, holder, until ('' for ever), now, ttl ('' for none). Answers 1 when taken. */
  crispStoreClaimGuard: `${HELPERS}
    local guard = prefix .. 'guard:' .. ARGV[2]
    local held = redis.call('HMGET', guard, 'holder', 'until')
    if held[1] and held[1] ~= ARGV[3] and (held[2] == '' or tonumber(held[2]) > tonumber(ARGV[5])) then return 0 end
    redis.call('HSET', guard, 'holder', ARGV[3], 'until', ARGV[4])
    if ARGV[6] == '' then redis.call('PERSIST', guard) else redis.call('PEXPIRE', guard, ARGV[6]) end
    return 1`,

  /**
   * ARGV: prefix, clean-up margin, then key, by, expiresAt and now per increment. Answers the new
   * values as text, in order.
   */
  crispStoreIncrementAll: `${HELPERS}${INCREMENT}
    local values = {}
    for index = 3, #ARGV, 4 do
      table.insert(values, increment(ARGV[index], ARGV[index + 1], ARGV[index + 2], ARGV[index + 3], ARGV[2]))
    end
    return values`,

  /** ARGV: prefix, id. Answers the letter's JSON, or nil. */
  crispStoreTakeDeadLetter: `${HELPERS}
    local letters = prefix .. 'dead-letters'
    local letter = redis.call('HGET', letters, ARGV[2])
    if letter then redis.call('HDEL', letters, ARGV[2]) end
    return letter`,
} as const;

/** The name of a store script, as a method on the client. */
export type RedisScriptName = keyof typeof REDIS_SCRIPTS;
