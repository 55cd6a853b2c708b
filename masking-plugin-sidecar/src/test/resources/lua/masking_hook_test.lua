-- Unit tests of the masking hook's pure functions, run by a real LuaJIT:  luajit masking_hook_test.lua <hook.lua>
-- (LuaHookUnitTest runs it; exit code 0 when every check passes). The hook is the exact shipped file: it keeps
-- its functions local (Kong's sandbox compiles it as one chunk that returns the phase dispatcher), so they are
-- reached here through the dispatcher's upvalues with the debug library, which the tests may use and the hook never does.

local hook_path = assert(arg[1], "usage: luajit masking_hook_test.lua <masking-hook.lua>")

-- Just enough of ngx/kong for the file to load; the functions under test never call them.
ngx = { ctx = {}, log = function() end, ERR = 4, WARN = 5, INFO = 7 }
kong = nil

local dispatch = assert(loadfile(hook_path))()
assert(type(dispatch) == "function", "the hook must return a function")

-- Every local function and table of the hook reachable from the dispatcher, by name.
local H = {}
do
  local seen = {}
  local function walk(fn)
    if seen[fn] then
      return
    end
    seen[fn] = true
    local i = 1
    while true do
      local name, value = debug.getupvalue(fn, i)
      if not name then
        break
      end
      if H[name] == nil then
        H[name] = value
      end
      if type(value) == "function" then
        walk(value)
      end
      i = i + 1
    end
  end
  walk(dispatch)
end

local failures, checks = 0, 0
local function check(name, got, want)
  checks = checks + 1
  if got ~= want then
    failures = failures + 1
    io.write("FAIL ", name, "\n  got:  ", tostring(got), "\n  want: ", tostring(want), "\n")
  end
end

for _, f in ipairs({ "is_token_prefix", "partial_tail_start", "partial_tail_start_json", "replace_tokens",
  "replace_tokens_json", "json_escape", "json_decode", "bytes_filter", "sse_filter", "flush_carries" }) do
  check("hook function " .. f .. " reachable", type(H[f]), "function")
end

-- A group of checks; an error inside (a missing function, a parse failure) is one failure, and the rest go on.
local function section(name, fn)
  local ok, err = pcall(fn)
  if not ok then
    checks = checks + 1
    failures = failures + 1
    io.write("FAIL ", name, ": ", tostring(err), "\n")
  end
end

local T1 = "[[AWS:EC2_INSTANCE:0123456789abcdef]]"
local T2 = "[[AWS:IAM_ARN:fedcba9876543210]]"
local FOREIGN = "[[AWS:VPC:00000000000000ff]]"
local O1 = "i-0abcdef1234567890"
local O2 = 'arn:aws:iam::123456789012:role/say "hi"'

-- Every character of s as \u00XX (upper-case hex when upper).
local function escape_all(s, upper)
  return (s:gsub(".", function(c)
    return string.format(upper and "\\u%04X" or "\\u%04x", c:byte())
  end))
end

local function new_state(json, mode)
  return { tokens = { [T1] = O1, [T2] = O2 }, count = 2, json = json, mode = mode, pending = "", carry = {},
    carry_kind = {} }
end

-------------------------------------------------------------------------------- tokens

check("prefix [", H.is_token_prefix("["), true)
check("prefix [[AWS:", H.is_token_prefix("[[AWS:"), true)
check("prefix mid-hex", H.is_token_prefix("[[AWS:EC2_INSTANCE:0123"), true)
check("prefix one ]", H.is_token_prefix(T1:sub(1, -2)), true)
check("whole token is no prefix", H.is_token_prefix(T1), false)
check("lower-case label", H.is_token_prefix("[[AWS:ec2"), false)
check("not a token", H.is_token_prefix("[x"), false)
check("tail start", H.partial_tail_start("abc [[AWS:EC2"), 5)
check("no tail", H.partial_tail_start("abc"), nil)
check("whole token at end is no tail", H.partial_tail_start("x " .. T1), nil)

check("replace known", H.replace_tokens("a " .. T1 .. " b", { [T1] = O1 }), "a " .. O1 .. " b")
check("foreign token stays", H.replace_tokens(FOREIGN, { [T1] = O1 }), FOREIGN)
check("json_escape", H.json_escape('a"b\\c\n'), 'a\\"b\\\\c\\u000a')

-------------------------------------------------------------------------------- \u-escaped tokens in JSON

local esc = { [T1] = O1, [T2] = H.json_escape(O2) }
local brackets = (T1:gsub("%[", "\\u005b"):gsub("%]", "\\u005d"))

section("escaped tokens", function()
check("every char escaped", H.replace_tokens_json('{"t":"' .. escape_all(T1) .. '"}', esc), '{"t":"' .. O1 .. '"}')
check("upper-case hex", H.replace_tokens_json(escape_all(T2, true), esc), 'arn:aws:iam::123456789012:role/say \\"hi\\"')
check("brackets escaped", H.replace_tokens_json("x " .. brackets .. " y", esc), "x " .. O1 .. " y")
check("mixed plain and escaped", H.replace_tokens_json(T1 .. " \\u003c " .. escape_all(T1), esc),
  O1 .. " \\u003c " .. O1)
check("escaped foreign token stays", H.replace_tokens_json(escape_all(FOREIGN), esc), escape_all(FOREIGN))
-- "\\u005b" is the text \u005b, not a bracket: what follows is "[AWS:..." with one bracket, not a token.
local literal = "\\\\u005b" .. escape_all(T1:sub(2))
check("escaped backslash is no escape", H.replace_tokens_json(literal, esc), literal)
check("other escapes untouched", H.replace_tokens_json('\\"\\n\\\\ \\u00e9', esc), '\\"\\n\\\\ \\u00e9')

local half = escape_all(T1):sub(1, 40)
check("escaped tail held back", H.partial_tail_start_json("ab" .. half), 3)
check("plain tail held back", H.partial_tail_start_json("ab[[AWS:E"), 3)
check("lone backslash held back", H.partial_tail_start_json("ab\\"), 3)
check("escape cut short held back", H.partial_tail_start_json("ab\\u00"), 3)
check("escaped backslash not held", H.partial_tail_start_json("ab\\\\"), nil)
check("complete escape not held", H.partial_tail_start_json("ab\\n"), nil)
check("whole escaped token not held", H.partial_tail_start_json("ab" .. escape_all(T1)), nil)

end)

-- A JSON answer with escaped tokens, cut into two chunks at every byte: the client gets the same bytes.
section("escaped JSON answer", function()
  local doc = '{"content":[{"type":"text","text":"Checked ' .. escape_all(T1) .. ", " .. brackets .. " and "
    .. escape_all(T2, true) .. ' \\\\u005b done"}],"foreign":"' .. escape_all(FOREIGN) .. '"}'
  local want = '{"content":[{"type":"text","text":"Checked ' .. O1 .. ", " .. O1 .. " and "
    .. H.json_escape(O2) .. ' \\\\u005b done"}],"foreign":"' .. escape_all(FOREIGN) .. '"}'
  local bad = 0
  for cut = 0, #doc do
    local st = new_state(true, "bytes")
    local out = H.bytes_filter(st, doc:sub(1, cut), false) .. H.bytes_filter(st, doc:sub(cut + 1), true)
    if out ~= want then
      bad = bad + 1
      if bad == 1 then
        check("escaped JSON answer cut at " .. cut, out, want)
      end
    end
  end
  check("escaped JSON answer, every cut", bad, 0)
end)

-------------------------------------------------------------------------------- SSE

-- Parses an SSE stream into events: data lines joined with "\n" (the SSE rule), decoded with the hook's own
-- JSON reader (checked above and by the nginx tests against Jackson).
local function sse_events(stream)
  local events = {}
  for block in (stream .. "\n\n"):gmatch("(.-)\n\n") do
    local data = {}
    for line in (block .. "\n"):gmatch("(.-)\n") do
      local v = line:match("^data: ?(.*)$")
      if v then
        data[#data + 1] = v
      end
    end
    if #data > 0 then
      events[#events + 1] = (H.json_decode(table.concat(data, "\n")))
    end
  end
  return events
end

local function text_of(events, index)
  local parts = {}
  for _, ev in ipairs(events) do
    if ev.type == "content_block_delta" and ev.index == index then
      parts[#parts + 1] = ev.delta.text or ev.delta.partial_json
    end
  end
  return table.concat(parts)
end

-- One event per delta, its JSON pretty-printed over several data: lines (as some encoders and proxies do).
local function multi_line_delta(index, text_json)
  return "event: content_block_delta\ndata: {\ndata:   \"type\": \"content_block_delta\",\ndata:   \"index\": "
    .. index .. ",\ndata:   \"delta\": {\"type\": \"text_delta\",\ndata: \"text\": \"" .. text_json .. "\"}\ndata: }\n\n"
end

section("multi-line SSE", function()
  -- The token cut in two deltas; the second delta's data spans several lines.
  local stream = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0}\n\n"
    .. multi_line_delta(0, "Checked " .. T1:sub(1, 20))
    .. multi_line_delta(0, T1:sub(21) .. " and " .. escape_all(T2):sub(1, 48))
    .. multi_line_delta(0, escape_all(T2):sub(49) .. ", done.")
    .. "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
  local want = "Checked " .. O1 .. " and " .. O2 .. ", done."
  local bad = 0
  for cut = 0, #stream, 3 do
    local st = new_state(true, "sse")
    local out = H.sse_filter(st, stream:sub(1, cut), false) .. H.sse_filter(st, stream:sub(cut + 1), true)
    local ok, events = pcall(sse_events, out)
    local got = ok and text_of(events, 0) or ("unparsable: " .. tostring(events) .. "\n" .. out)
    if got ~= want or out:find("[[AWS:", 1, true) then
      bad = bad + 1
      if bad == 1 then
        check("multi-line SSE cut at " .. cut, got, want)
      end
    end
  end
  check("multi-line SSE data restored in order, every cut", bad, 0)
end)

section("escaped SSE delta", function()
  -- A single-line delta with every character escaped, cut inside the token.
  local line = function(t)
    return 'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta",'
      .. '"text":"' .. t .. '"}}\n\n'
  end
  local all = escape_all("Is " .. T1 .. " up?")
  local stream = line(all:sub(1, 72)) .. line(all:sub(73))
    .. 'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n'
  local st = new_state(true, "sse")
  local out = H.sse_filter(st, stream, true)
  check("escaped SSE delta restored", text_of(sse_events(out), 1), "Is " .. O1 .. " up?")
end)

section("escaped partial_json", function()
  -- input_json_delta: the tool input is JSON inside the JSON string; the outer encoder escaped the token.
  local inner = '{"who": "' .. T2 .. '"}'
  local outer = escape_all(inner)
  local line = function(t)
    return 'data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta",'
      .. '"partial_json":"' .. t .. '"}}\n\n'
  end
  local stream = line(outer:sub(1, 96)) .. line(outer:sub(97)) .. 'data: {"type":"content_block_stop","index":2}\n\n'
  local st = new_state(true, "sse")
  local got = text_of(sse_events(H.sse_filter(st, stream, true)), 2)
  check("escaped token in partial_json restored", got, '{"who": "' .. H.json_escape(O2) .. '"}')
end)

-------------------------------------------------------------------------------- flush_carries

do
  local st = new_state(true, "sse")
  for _, i in ipairs({ 10, 2, 1, 3 }) do
    st.carry[i] = "[[AWS:"
    st.carry_kind[i] = "text_delta"
  end
  local order = {}
  for _, ev in ipairs(sse_events(H.flush_carries(st))) do
    order[#order + 1] = tostring(ev.index)
  end
  check("carries flushed in index order", table.concat(order, ","), "1,2,3,10")
  check("carries emptied", next(st.carry), nil)
end

io.write(checks - failures, "/", checks, " checks passed\n")
os.exit(failures == 0 and 0 or 1)
