-- kong-catalog-sync masking hook, for Kong's pre-function plugin (the one copy in the repository; the sync
-- daemon attaches it from here). It masks AWS identifiers in the request body through the masking sidecar and
-- puts the originals back into the response.
--
-- How Kong runs it (kong/plugins/pre-function/_handler.lua): config.access = [prelude, this file],
-- config.header_filter = [this file], config.body_filter = [this file]. Every chunk is compiled separately in
-- the sandbox (kong/tools/sandbox.lua, kong/tools/kong-lua-sandbox.lua): it sees the safe Lua base library plus
-- `ngx` and `kong`, and neither `require`, `setmetatable`, `io` nor `bit` (unless kong.conf allows them). This
-- file therefore uses nothing else. It returns a function, so Kong compiles it once and keeps its upvalues.
--
-- Settings come from the prelude, a one-line chunk the daemon generates:
--   ngx.ctx.kcs_masking = { sidecar_url = "http://127.0.0.1:8085", profile = "default",
--                           secret_ref = "{vault://env/kcs-masking-secret}" }
-- Optional keys: secret (plain value, tests), connect_timeout / send_timeout / read_timeout (ms),
-- max_body (bytes). Without a prelude the defaults below apply.
--
-- Access:        read the body, POST it to <sidecar>/v1/mask, replace the body with the masked one, keep the
--                token -> original map of THIS request in ngx.ctx, drop Accept-Encoding so the answer comes
--                back uncompressed. Any failure answers 503 (400/413/415 for a body the sidecar refuses) and
--                nothing is sent upstream.
-- Header filter: drop Content-Length when there is something to restore; note SSE and JSON answers.
-- Body filter:   replace this request's tokens by their originals, chunk by chunk. A token split across
--                chunks is held back (at most MAX_TOKEN_LENGTH - 1 bytes from a "[" that starts a possible
--                token) and released with the next chunk or at eof. text/event-stream answers are processed
--                event by event as they arrive; the text of a content_block_delta (text_delta, thinking_delta,
--                input_json_delta) may end in a partial token, which is carried over to the next delta of the
--                same content block index and flushed before its content_block_stop (or at eof). An event's data
--                may span several data: lines (joined with "\n", as SSE defines). In JSON (answers and SSE
--                data) a token may have any of its characters written as a \u00XX escape; it is restored too.
-- Tokens of other requests, and text that only looks like a token, are left as they are.

local ngx = ngx
local kong = kong
local type, tostring, tonumber, pairs, pcall, error = type, tostring, tonumber, pairs, pcall, error
local string_find, string_sub, string_byte, string_char = string.find, string.sub, string.byte, string.char
local string_gsub, string_format, string_lower, string_rep = string.gsub, string.format, string.lower, string.rep
local string_match = string.match
local table_concat, table_sort = table.concat, table.sort
local math_floor = math.floor
-- `io` is absent in Kong's sandbox; with untrusted_lua = on (or plain nginx) it reads bodies nginx spooled to disk.
local io_open = type(io) == "table" and io.open or nil

local DEFAULT_SIDECAR = "http://127.0.0.1:8085"
local DEFAULT_MAX_BODY = 1048576
local SPLIT_MEDIA_TYPE = "application/vnd.kcs.mask-split"
local SECRET_HEADER = "X-KCS-Masking-Secret"
local LOG_PREFIX = "[kcs-masking] "

-- Token format (TokenFormat.java): [[AWS:<LABEL>:<16 lowercase hex>]]. The longest token is shorter than this
-- (a test checks it against TokenFormat.MAX_TOKEN_LENGTH); a longer bound only holds back a little more.
local MAX_TOKEN_LENGTH = 64
local OPEN = "[[AWS:"
local HEX16 = string_rep("[0-9a-f]", 16)
local TOKEN_PATTERN = "%[%[AWS:[A-Z0-9_]+:" .. HEX16 .. "%]%]"
local WHOLE_TOKEN = "^" .. TOKEN_PATTERN .. "$"
-- An SSE event longer than this without its blank line is not an Anthropic stream event: stream it as bytes.
local MAX_SSE_EVENT = 1048576

---------------------------------------------------------------------------------------------------- tokens

-- True when s (starting with "[") could be the beginning of a token, but is not a whole one.
local function is_token_prefix(s)
  local n = #s
  if n >= MAX_TOKEN_LENGTH then
    return false
  end
  if n <= #OPEN then
    return string_sub(OPEN, 1, n) == s
  end
  if string_sub(s, 1, #OPEN) ~= OPEN then
    return false
  end
  local rest = string_sub(s, #OPEN + 1)
  if string_find(rest, "^[A-Z0-9_]*$") then
    return true
  end
  local hex = string_match(rest, "^[A-Z0-9_]+:([0-9a-f]*)$")
  if hex then
    return #hex <= 16
  end
  return string_find(rest, "^[A-Z0-9_]+:" .. HEX16 .. "%]$") ~= nil
end

-- Index of the first byte of the longest tail of buf that could still grow into a token, or nil.
local function partial_tail_start(buf)
  local from = #buf - MAX_TOKEN_LENGTH + 2
  if from < 1 then
    from = 1
  end
  local i = string_find(buf, "[", from, true)
  while i do
    if is_token_prefix(string_sub(buf, i)) then
      return i
    end
    i = string_find(buf, "[", i + 1, true)
  end
  return nil
end

local function replace_tokens(s, map)
  if not string_find(s, "[[AWS:", 1, true) then
    return s
  end
  -- a nil result keeps the match: tokens of other requests stay as they are
  return (string_gsub(s, TOKEN_PATTERN, map))
end

-- Inside JSON text an encoder may write any character of a token as a \u00XX escape (some escape "[" and "]",
-- some escape every character). The functions below read a token whose characters are each either literal or
-- escaped; a backslash that starts any other escape (\\, \", \n...) is never part of a token.

-- The character at s[i] and the index after it; nil when s[i] is not a plain or \u-escaped ASCII character,
-- with `ended` true when s ends before that could be known (an escape cut short).
local function json_char(s, i)
  local b = string_byte(s, i)
  if not b then
    return nil, i, true
  end
  if b ~= 92 then
    return string_char(b), i + 1, false
  end
  local u = string_byte(s, i + 1)
  if not u then
    return nil, i, true
  end
  if u ~= 117 then
    return nil, i, false
  end
  local hex = string_sub(s, i + 2, i + 5)
  if not string_find(hex, "^%x*$") then
    return nil, i, false
  end
  if #hex < 4 then
    return nil, i, true
  end
  local cp = tonumber(hex, 16)
  if cp >= 0x80 then
    return nil, i, false
  end
  return string_char(cp), i + 6, false
end

-- From s[i], the longest run of (plain or escaped) characters that is a token or could still become one: the
-- decoded text, the index after it, and whether s ended inside it.
local function read_json_token(s, i)
  local text, j = "", i
  while true do
    local c, nxt, ended = json_char(s, j)
    if not c then
      return text, j, ended
    end
    local t = text .. c
    if string_find(t, WHOLE_TOKEN) then
      return t, nxt, false
    end
    if not is_token_prefix(t) then
      return text, j, false
    end
    text, j = t, nxt
  end
end

-- Whether the backslash at s[i] starts an escape (is not itself escaped by an odd run of backslashes before it).
local function starts_escape(s, i)
  local k = i - 1
  while k >= 1 and string_byte(s, k) == 92 do
    k = k - 1
  end
  return (i - 1 - k) % 2 == 0
end

-- replace_tokens for JSON text: also restores tokens written with \u escapes. map: token -> escaped original.
local function replace_tokens_json(s, map)
  if not string_find(s, "\\u", 1, true) then
    return replace_tokens(s, map)
  end
  local out, last, i = {}, 1, 1
  while true do
    local a = string_find(s, "[%[\\]", i)
    if not a then
      break
    end
    if string_byte(s, a) == 92 and string_byte(s, a + 1) ~= 117 then
      i = a + 2 -- \\, \" ...: skip the whole escape, so the next backslash is judged right
    else
      local text, j = read_json_token(s, a)
      local original = string_find(text, WHOLE_TOKEN) and map[text]
      if original then
        out[#out + 1] = string_sub(s, last, a - 1)
        out[#out + 1] = original
        last, i = j, j
      else
        i = a + (string_byte(s, a) == 92 and 2 or 1)
      end
    end
  end
  out[#out + 1] = string_sub(s, last)
  return table_concat(out)
end

-- partial_tail_start for JSON text: a token may be escaped (up to 6 bytes a character), and a trailing escape
-- cut short (a lone backslash, "\u00") is held back too, so the next chunk starts on a character boundary.
local function partial_tail_start_json(buf)
  local from = #buf - 6 * MAX_TOKEN_LENGTH + 2
  if from < 1 then
    from = 1
  end
  local a = string_find(buf, "[%[\\]", from)
  while a do
    local nxt = a + 1
    if string_byte(buf, a) == 91 or starts_escape(buf, a) then
      local text, j, ended = read_json_token(buf, a)
      if ended then
        if text ~= "" then
          return a
        end
        local rest = string_lower(string_sub(buf, a))
        if string_sub("\\u005b", 1, #rest) == rest or string_byte(buf, a + 1) ~= 117 then
          return a
        end
      end
      if string_byte(buf, a) == 92 then
        nxt = a + 2
      end
    end
    a = string_find(buf, "[%[\\]", nxt)
  end
  return nil
end

local function json_escape(s)
  return (string_gsub(s, '[%c"\\]', function(c)
    if c == '"' then
      return '\\"'
    elseif c == "\\" then
      return "\\\\"
    end
    return string_format("\\u%04x", string_byte(c))
  end))
end

-- The map as it must appear inside a JSON string (level 1) or inside a JSON string holding JSON (level 2,
-- input_json_delta.partial_json).
local function escaped(st, level)
  local key = level == 2 and "esc2" or "esc1"
  local m = st[key]
  if not m then
    m = {}
    for token, original in pairs(st.tokens) do
      local e = json_escape(original)
      if level == 2 then
        e = json_escape(e)
      end
      m[token] = e
    end
    st[key] = m
  end
  return m
end

---------------------------------------------------------------------------------------------------- JSON
-- Just enough JSON to read an SSE event: values, plus the byte span of every string member of an object so a
-- string can be rewritten in place without re-encoding (and reordering) the rest of the event.

local decode_value

local ESCAPES = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

local function utf8_char(cp)
  if cp < 0x80 then
    return string_char(cp)
  elseif cp < 0x800 then
    return string_char(0xC0 + math_floor(cp / 64), 0x80 + cp % 64)
  elseif cp < 0x10000 then
    return string_char(0xE0 + math_floor(cp / 4096), 0x80 + math_floor(cp / 64) % 64, 0x80 + cp % 64)
  end
  return string_char(0xF0 + math_floor(cp / 262144), 0x80 + math_floor(cp / 4096) % 64,
    0x80 + math_floor(cp / 64) % 64, 0x80 + cp % 64)
end

local function skip_ws(s, i)
  local _, e = string_find(s, "^[ \t\r\n]*", i)
  return e + 1
end

local function decode_string(s, i)
  local parts, j = {}, i + 1
  while true do
    local a = string_find(s, '["\\]', j)
    if not a then
      error("unterminated string")
    end
    if a > j then
      parts[#parts + 1] = string_sub(s, j, a - 1)
    end
    if string_byte(s, a) == 34 then -- closing quote
      return table_concat(parts), a
    end
    local esc = string_sub(s, a + 1, a + 1)
    if esc == "u" then
      local hex = string_sub(s, a + 2, a + 5)
      if not string_find(hex, "^%x%x%x%x$") then
        error("bad \\u escape")
      end
      local cp, nxt = tonumber(hex, 16), a + 6
      if cp >= 0xD800 and cp <= 0xDBFF and string_sub(s, nxt, nxt + 1) == "\\u" then
        local lo = tonumber(string_sub(s, nxt + 2, nxt + 5), 16)
        if lo and lo >= 0xDC00 and lo <= 0xDFFF then
          cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
          nxt = nxt + 6
        end
      end
      parts[#parts + 1] = utf8_char(cp)
      j = nxt
    else
      local r = ESCAPES[esc]
      if not r then
        error("bad escape")
      end
      parts[#parts + 1] = r
      j = a + 2
    end
  end
end

decode_value = function(s, i, spans, depth)
  if depth > 64 then
    error("too deep")
  end
  i = skip_ws(s, i)
  local c = string_sub(s, i, i)
  if c == "{" then
    local obj, members = {}, {}
    spans[obj] = members
    i = skip_ws(s, i + 1)
    if string_sub(s, i, i) == "}" then
      return obj, i + 1
    end
    while true do
      if string_sub(s, i, i) ~= '"' then
        error("object key expected")
      end
      local key, close = decode_string(s, i)
      i = skip_ws(s, close + 1)
      if string_sub(s, i, i) ~= ":" then
        error("':' expected")
      end
      i = skip_ws(s, i + 1)
      local vstart = i
      local value
      value, i = decode_value(s, i, spans, depth + 1)
      obj[key] = value
      if type(value) == "string" then
        members[key] = { vstart, i - 1 } -- positions of the opening and the closing quote
      end
      i = skip_ws(s, i)
      c = string_sub(s, i, i)
      if c == "}" then
        return obj, i + 1
      elseif c ~= "," then
        error("',' or '}' expected")
      end
      i = skip_ws(s, i + 1)
    end
  elseif c == "[" then
    local arr, n = {}, 0
    i = skip_ws(s, i + 1)
    if string_sub(s, i, i) == "]" then
      return arr, i + 1
    end
    while true do
      local value
      value, i = decode_value(s, i, spans, depth + 1)
      n = n + 1
      arr[n] = value
      i = skip_ws(s, i)
      c = string_sub(s, i, i)
      if c == "]" then
        return arr, i + 1
      elseif c ~= "," then
        error("',' or ']' expected")
      end
      i = i + 1
    end
  elseif c == '"' then
    local value, close = decode_string(s, i)
    return value, close + 1
  end
  local num = string_match(s, "^-?%d+%.?%d*[eE]?[-+]?%d*", i)
  if num and num ~= "" then
    return tonumber(num), i + #num
  end
  if string_sub(s, i, i + 3) == "true" then
    return true, i + 4
  elseif string_sub(s, i, i + 4) == "false" then
    return false, i + 5
  elseif string_sub(s, i, i + 3) == "null" then
    return spans, i + 4 -- any unique non-nil sentinel; events never need null's value
  end
  error("unexpected character")
end

local function json_decode(s)
  local spans = {}
  local value, i = decode_value(s, 1, spans, 0)
  if skip_ws(s, i) <= #s then
    error("trailing characters")
  end
  return value, spans
end

---------------------------------------------------------------------------------------------------- access

local function settings()
  local conf = ngx.ctx.kcs_masking
  if type(conf) ~= "table" then
    conf = {}
  end
  return conf
end

local function resolve_secret(conf)
  if conf.secret then
    return conf.secret
  end
  if conf.secret_ref and kong and kong.vault and kong.vault.get then
    local value, err = kong.vault.get(conf.secret_ref)
    if not value then
      return nil, "cannot resolve the sidecar secret: " .. tostring(err)
    end
    return value
  end
  return nil
end

-- A minimal HTTP/1.1 client on a cosocket (lua-resty-http is not part of plain nginx nor allowed by the
-- sandbox by default). Returns status, headers (lower-case names), body; or nil and an error.
local function read_chunked(sock)
  local parts = {}
  while true do
    local line, err = sock:receive("*l")
    if not line then
      return nil, "reading chunk size: " .. tostring(err)
    end
    local size = tonumber(string_match(line, "^%s*(%x+)"), 16)
    if not size then
      return nil, "bad chunk size"
    end
    if size == 0 then
      repeat -- trailers up to the empty line
        line, err = sock:receive("*l")
        if not line then
          return nil, "reading trailers: " .. tostring(err)
        end
      until line == ""
      return table_concat(parts)
    end
    local data
    data, err = sock:receive(size)
    if not data then
      return nil, "reading chunk: " .. tostring(err)
    end
    parts[#parts + 1] = data
    line, err = sock:receive(2)
    if line ~= "\r\n" then
      return nil, "bad chunk end: " .. tostring(err)
    end
  end
end

local function http_post(conf, path, content_type, body, secret)
  local host, port = string_match(conf.sidecar_url or DEFAULT_SIDECAR, "^http://([^:/]+):?(%d*)/?$")
  if not host then
    return nil, "sidecar_url must look like http://host:port"
  end
  port = tonumber(port) or 80
  local sock = ngx.socket.tcp()
  sock:settimeouts(conf.connect_timeout or 1000, conf.send_timeout or 5000, conf.read_timeout or 10000)
  local ok, err = sock:connect(host, port)
  if not ok then
    return nil, "connect to sidecar: " .. tostring(err)
  end
  local head = {
    "POST " .. path .. " HTTP/1.1",
    "Host: " .. host .. ":" .. port,
    "Content-Type: " .. content_type,
    "Accept: " .. SPLIT_MEDIA_TYPE,
    "Content-Length: " .. #body,
  }
  if secret then
    head[#head + 1] = SECRET_HEADER .. ": " .. secret
  end
  if conf.profile then
    head[#head + 1] = "X-KCS-Masking-Profile: " .. tostring(conf.profile)
  end
  head[#head + 1] = "\r\n"
  local sent
  sent, err = sock:send({ table_concat(head, "\r\n"), body })
  if not sent then
    sock:close()
    return nil, "send to sidecar: " .. tostring(err)
  end
  local line
  line, err = sock:receive("*l")
  if not line then
    sock:close()
    return nil, "read from sidecar: " .. tostring(err)
  end
  local status = tonumber(string_match(line, "^HTTP/1%.[01] (%d%d%d)"))
  if not status then
    sock:close()
    return nil, "bad status line from sidecar"
  end
  local headers = {}
  while true do
    line, err = sock:receive("*l")
    if not line then
      sock:close()
      return nil, "read headers from sidecar: " .. tostring(err)
    end
    if line == "" then
      break
    end
    local name, value = string_match(line, "^([^:]+):%s*(.-)%s*$")
    if name then
      headers[string_lower(name)] = value
    end
  end
  local data
  local reusable = string_lower(headers["connection"] or "") ~= "close"
  if string_find(string_lower(headers["transfer-encoding"] or ""), "chunked", 1, true) then
    data, err = read_chunked(sock)
  elseif headers["content-length"] then
    local n = tonumber(headers["content-length"])
    if not n or n < 0 then
      sock:close()
      return nil, "bad Content-Length from sidecar"
    end
    if n == 0 then
      data = ""
    else
      data, err = sock:receive(n)
    end
  else
    data, err = sock:receive("*a")
    reusable = false
  end
  if not data then
    sock:close()
    return nil, "read body from sidecar: " .. tostring(err)
  end
  if reusable then
    sock:setkeepalive(60000, 32)
  else
    sock:close()
  end
  return status, headers, data
end

local function read_request_body(max_body)
  ngx.req.read_body()
  local body = ngx.req.get_body_data()
  if body then
    return body
  end
  local path = ngx.req.get_body_file()
  if not path then
    return ""
  end
  -- nginx spooled the body to a temp file (it exceeded client_body_buffer_size).
  if kong and kong.request and kong.request.get_raw_body then
    local raw = kong.request.get_raw_body(max_body) -- Kong >= 3.6 reads the file; 3.4 returns nil
    if raw then
      return raw
    end
  end
  if io_open then
    local f, err = io_open(path, "rb")
    if not f then
      return nil, "cannot open the spooled request body: " .. tostring(err)
    end
    local data = f:read("*a")
    f:close()
    return data
  end
  return nil, "the request body was spooled to a file the sandbox cannot read; set "
    .. "nginx_http_client_body_buffer_size to the largest body (e.g. 1m)"
end

-- What the sidecar is told the body is; nil for media types it cannot mask.
local function sidecar_media_type(content_type)
  local main = string_lower(string_match(content_type or "", "^%s*([^;%s]+)") or "")
  if main == "application/json" or (string_find(main, "^application/") and string_find(main, "%+json$")) then
    return "application/json"
  elseif string_find(main, "^text/") then
    return "text/plain; charset=utf-8"
  end
  return nil
end

-- Returns nil on success, or status and message for the client.
local function access()
  local conf = settings()
  local max_body = conf.max_body or DEFAULT_MAX_BODY
  -- The answer must come back uncompressed for the body filter to read it.
  ngx.req.clear_header("Accept-Encoding")
  local body, err = read_request_body(max_body)
  if not body then
    ngx.log(ngx.ERR, LOG_PREFIX, err)
    return 503, "masking unavailable"
  end
  if body == "" then
    return nil -- nothing to mask, nothing to restore
  end
  if #body > max_body then
    return 413, "request body too large to mask"
  end
  local content_type = ngx.req.get_headers()["content-type"]
  if type(content_type) == "table" then
    content_type = content_type[1]
  end
  local media = sidecar_media_type(content_type)
  if not media then
    return 415, "only JSON and text bodies can be masked"
  end
  local secret
  secret, err = resolve_secret(conf)
  if err then
    ngx.log(ngx.ERR, LOG_PREFIX, err)
    return 503, "masking unavailable"
  end
  local status, headers, data = http_post(conf, "/v1/mask", media, body, secret)
  if not status then
    ngx.log(ngx.ERR, LOG_PREFIX, "sidecar unavailable: ", headers)
    return 503, "masking unavailable"
  end
  if status == 400 or status == 413 or status == 415 then
    ngx.log(ngx.INFO, LOG_PREFIX, "sidecar refused the body with ", status)
    return status, "request body cannot be masked", data
  end
  if status ~= 200 then
    ngx.log(ngx.ERR, LOG_PREFIX, "sidecar answered ", status)
    return 503, "masking unavailable"
  end
  if string_lower(headers["content-type"] or "") ~= SPLIT_MEDIA_TYPE then
    ngx.log(ngx.ERR, LOG_PREFIX, "sidecar answered an unexpected media type")
    return 503, "masking unavailable"
  end
  local length = tonumber(headers["x-kcs-body-length"])
  local declared = tonumber(headers["x-kcs-token-count"])
  if not length or length < 0 or length > #data or not declared then
    ngx.log(ngx.ERR, LOG_PREFIX, "sidecar answer is not framed as expected")
    return 503, "masking unavailable"
  end
  local masked, form = string_sub(data, 1, length), string_sub(data, length + 1)
  local tokens, count = {}, 0
  if form ~= "" then
    local args = ngx.decode_args(form, 0)
    for token, original in pairs(args) do
      if type(original) ~= "string" or not string_find(token, WHOLE_TOKEN) then
        ngx.log(ngx.ERR, LOG_PREFIX, "sidecar answer holds a malformed token map")
        return 503, "masking unavailable"
      end
      tokens[token] = original
      count = count + 1
    end
  end
  if count ~= declared then
    ngx.log(ngx.ERR, LOG_PREFIX, "sidecar token map is incomplete")
    return 503, "masking unavailable"
  end
  ngx.req.set_body_data(masked)
  ngx.req.set_header("Content-Length", tostring(#masked))
  ngx.ctx.kcs_masking_state = { tokens = tokens, count = count }
  return nil
end

local function reject(status, message, body)
  if kong and kong.response and kong.response.exit then
    if body then
      return kong.response.exit(status, body, { ["Content-Type"] = "application/json" })
    end
    return kong.response.exit(status, { message = message })
  end
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.print(body or ('{"message":"' .. message .. '"}'))
  return ngx.exit(ngx.HTTP_OK)
end

---------------------------------------------------------------------------------------------------- filters

local function header_filter()
  local st = ngx.ctx.kcs_masking_state
  if not st or st.count == 0 then
    return
  end
  local encoding = ngx.header["Content-Encoding"]
  if type(encoding) == "table" then
    encoding = encoding[1]
  end
  if encoding and encoding ~= "" and string_lower(encoding) ~= "identity" then
    -- Compressed despite the dropped Accept-Encoding: pass it on; the client then sees tokens, not originals.
    ngx.log(ngx.WARN, LOG_PREFIX, "upstream answered with Content-Encoding ", encoding, "; tokens not restored")
    st.mode = "off"
    return
  end
  ngx.header["Content-Length"] = nil
  local content_type = ngx.header["Content-Type"]
  if type(content_type) == "table" then
    content_type = content_type[1]
  end
  content_type = string_lower(content_type or "")
  st.json = string_find(content_type, "json", 1, true) ~= nil
  st.mode = string_find(content_type, "text/event-stream", 1, true) and "sse" or "bytes"
  st.pending = ""
  st.carry = {}
  st.carry_kind = {}
end

local function bytes_filter(st, chunk, eof)
  local buf = st.pending .. chunk
  st.pending = ""
  if not eof then
    local cut = (st.json and partial_tail_start_json or partial_tail_start)(buf)
    if cut then
      st.pending = string_sub(buf, cut)
      buf = string_sub(buf, 1, cut - 1)
    end
  end
  if st.json then
    return replace_tokens_json(buf, escaped(st, 1))
  end
  return replace_tokens(buf, st.tokens)
end

local DELTA_FIELDS = { text_delta = "text", thinking_delta = "thinking", input_json_delta = "partial_json" }

local function synthetic_delta(st, index)
  local kind = st.carry_kind[index]
  local text = st.carry[index]
  st.carry[index] = nil
  return 'event: content_block_delta\ndata: {"type":"content_block_delta","index":' .. tostring(index)
    .. ',"delta":{"type":"' .. kind .. '","' .. DELTA_FIELDS[kind] .. '":"' .. text .. '"}}\n\n'
end

local function flush_carries(st)
  local indexes = {}
  for index in pairs(st.carry) do
    indexes[#indexes + 1] = index
  end
  table_sort(indexes)
  local out = {}
  for k = 1, #indexes do -- in index order: pairs() promises no order
    out[k] = synthetic_delta(st, indexes[k])
  end
  return table_concat(out)
end

-- `event` with the values of its data: lines replaced by the lines of `data`; nil if the count differs.
local function with_data(event, lines, data)
  local out, last, k, pos = {}, 1, 0, 1
  while true do
    local nl = string_find(data, "\n", pos, true)
    k = k + 1
    local span = lines[k]
    if not span then
      return nil
    end
    out[#out + 1] = string_sub(event, last, span[1] - 1)
    out[#out + 1] = string_sub(data, pos, (nl or (#data + 1)) - 1)
    last = span[2] + 1
    if not nl then
      break
    end
    pos = nl + 1
  end
  if k ~= #lines then
    return nil
  end
  out[#out + 1] = string_sub(event, last)
  return table_concat(out)
end

-- One complete SSE event (without its terminating blank line, passed as sep). Its data is the values of all
-- its data: lines joined with "\n" (the SSE rule); JSON strings hold no raw newline, so rewriting a string
-- keeps the line structure and the rewritten data goes back into the same lines.
local function sse_event(st, event, sep)
  local lines = {}
  local pos = 1
  while pos <= #event do
    local line_end = string_find(event, "\n", pos, true) or (#event + 1)
    if string_sub(event, pos, pos + 4) == "data:" then
      local ds = pos + 5
      if string_sub(event, ds, ds) == " " then
        ds = ds + 1
      end
      local de = line_end - 1
      if de >= ds and string_sub(event, de, de) == "\r" then
        de = de - 1
      end
      lines[#lines + 1] = { ds, de }
    end
    pos = line_end + 1
  end
  if #lines > 0 then
    local values = {}
    for k = 1, #lines do
      values[k] = string_sub(event, lines[k][1], lines[k][2])
    end
    local data = table_concat(values, "\n")
    local ok, ev, spans = pcall(json_decode, data)
    if ok and type(ev) == "table" and type(ev.index) == "number" then
      if ev.type == "content_block_delta" and type(ev.delta) == "table" then
        local field = DELTA_FIELDS[ev.delta.type]
        local span = field and spans[ev.delta] and spans[ev.delta][field]
        if span then
          local raw = (st.carry[ev.index] or "") .. string_sub(data, span[1] + 1, span[2] - 1)
          local cut = partial_tail_start_json(raw)
          if cut then
            st.carry[ev.index] = string_sub(raw, cut)
            st.carry_kind[ev.index] = ev.delta.type
            raw = string_sub(raw, 1, cut - 1)
          else
            st.carry[ev.index] = nil
          end
          -- partial_json is JSON inside a JSON string: originals are escaped twice. (A token the model escaped
          -- inside that inner JSON, written \\u005b here, is not recognised.)
          raw = replace_tokens_json(raw, escaped(st, field == "partial_json" and 2 or 1))
          data = string_sub(data, 1, span[1]) .. raw .. string_sub(data, span[2])
          data = replace_tokens_json(data, escaped(st, 1)) -- whole tokens in the other members
          local rewritten = with_data(event, lines, data)
          if rewritten then
            return rewritten .. sep
          end
        end
      elseif ev.type == "content_block_stop" and st.carry[ev.index] then
        return synthetic_delta(st, ev.index) .. event .. sep
      end
    end
  end
  return replace_tokens_json(event, escaped(st, 1)) .. sep
end

local function sse_filter(st, chunk, eof)
  local buf = st.pending .. chunk
  local out = {}
  local pos = 1
  while true do
    local a, b = string_find(buf, "\r?\n\r?\n", pos)
    if not a then
      break
    end
    out[#out + 1] = sse_event(st, string_sub(buf, pos, a - 1), string_sub(buf, a, b))
    pos = b + 1
  end
  st.pending = string_sub(buf, pos)
  if eof then
    if st.pending ~= "" then
      out[#out + 1] = sse_event(st, st.pending, "")
      st.pending = ""
    end
    out[#out + 1] = flush_carries(st)
  elseif #st.pending > MAX_SSE_EVENT then
    st.mode = "bytes"
    local pending = st.pending
    st.pending = ""
    out[#out + 1] = flush_carries(st)
    out[#out + 1] = bytes_filter(st, pending, false)
  end
  return table_concat(out)
end

local function body_filter()
  local st = ngx.ctx.kcs_masking_state
  if not st or not st.mode or st.mode == "off" then
    return
  end
  local chunk, eof = ngx.arg[1] or "", ngx.arg[2]
  local ok, out = pcall(st.mode == "sse" and sse_filter or bytes_filter, st, chunk, eof)
  if not ok then
    -- Pass the rest through untouched (tokens stay tokens: nothing is revealed) rather than break the answer.
    ngx.log(ngx.ERR, LOG_PREFIX, "body filter failed, tokens no longer restored: ", out)
    out = (st.pending or "") .. chunk
    st.pending = ""
    st.mode = "off"
  end
  ngx.arg[1] = out
end

---------------------------------------------------------------------------------------------------- dispatch

return function()
  local phase = ngx.get_phase()
  if phase == "access" then
    local ok, status, message, body = pcall(access)
    if not ok then
      ngx.log(ngx.ERR, LOG_PREFIX, "masking failed: ", status)
      return reject(503, "masking unavailable")
    end
    if status then
      return reject(status, message, body)
    end
  elseif phase == "header_filter" then
    local ok, err = pcall(header_filter)
    if not ok then
      ngx.log(ngx.ERR, LOG_PREFIX, "header filter failed: ", err)
      local st = ngx.ctx.kcs_masking_state
      if st then
        st.mode = "off"
      end
    end
  elseif phase == "body_filter" then
    body_filter()
  end
end
