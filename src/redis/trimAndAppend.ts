/**
 * The Lua script behind `RedisStreamPublisher`: it trims the stream and appends one entry, atomically.
 *
 * `KEYS[1]` is the stream, `ARGV` the maximum length, the event type and the JSON envelope. Before
 * the `XADD`, when the stream is full, it removes the oldest entries down to the maximum length,
 * but never an entry a consumer group has not acknowledged: each group's safe point is its smallest
 * pending entry, or its last delivered entry when none is pending; entries before every group's
 * safe point have been acknowledged by every group. A stream without a consumer group is trimmed
 * to the maximum length. The cost is the number of entries removed, plus one look at each group.
 * Returns the new entry's id.
 * @internal
 */
export const TRIM_AND_APPEND = `
local key = KEYS[1]
local maxLength = tonumber(ARGV[1])
local excess = redis.call('XLEN', key) + 1 - maxLength
if excess > 0 then
  local function before(a, b)
    local am, as = string.match(a, '^(%d+)-(%d+)$')
    local bm, bs = string.match(b, '^(%d+)-(%d+)$')
    if #am ~= #bm then return #am < #bm end
    if am ~= bm then return am < bm end
    if #as ~= #bs then return #as < #bs end
    return as < bs
  end
  local safe = '+'
  local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', key)
  if not ok then groups = {} end
  for _, group in ipairs(groups) do
    local info = {}
    for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
    local point = info['last-delivered-id']
    if info['pending'] > 0 then point = redis.call('XPENDING', key, info['name'])[2] end
    if safe == '+' or before(point, safe) then safe = point end
  end
  local head = redis.call('XRANGE', key, '-', safe, 'COUNT', excess + 1)
  if #head > excess then
    redis.call('XTRIM', key, 'MINID', head[excess + 1][1])
  elseif #head > 0 then
    redis.call('XTRIM', key, 'MINID', safe)
  end
end
return redis.call('XADD', key, '*', 'type', ARGV[2], 'envelope', ARGV[3])
`;
