-- Test harness: runs Lua chunks the way Kong 3.4.2's pre-function plugin does, inside plain nginx + lua module.
--
-- kong/plugins/pre-function/_handler.lua compiles every string of config.<phase> separately with
-- kong.tools.sandbox (env = { kong = ..., ngx = ngx }); kong/tools/kong-lua-sandbox.lua gives each chunk a
-- fresh environment holding only the safe base library listed below (no require, setmetatable, io, bit, load,
-- rawget, ...). A chunk that returns a function is run once to obtain it, and that function is what runs from
-- then on (the "0.2.0" style); a chunk that returns nothing is run on every request. With untrusted_lua = on
-- the environment falls back to _G instead. This file only mirrors that behaviour; it is not Kong code.
local M = {}

local SAFE = [[
_VERSION assert error ipairs next pairs pcall select tonumber tostring type unpack xpcall
coroutine.create coroutine.resume coroutine.running coroutine.status coroutine.wrap coroutine.yield
math.abs math.acos math.asin math.atan math.atan2 math.ceil math.cos math.cosh math.deg math.exp math.fmod
math.floor math.frexp math.huge math.ldexp math.log math.log10 math.max math.min math.modf math.pi math.pow
math.rad math.random math.sin math.sinh math.sqrt math.tan math.tanh
os.clock os.date os.difftime os.time
string.byte string.char string.find string.format string.gmatch string.gsub string.len string.lower
string.match string.rep string.reverse string.sub string.upper
table.concat table.insert table.maxn table.remove table.sort
]]

local function sandbox_env()
  local env = {}
  for id in SAFE:gmatch("%S+") do
    local module, method = id:match("([^%.]+)%.([^%.]+)")
    if module then
      env[module] = env[module] or {}
      env[module][method] = _G[module][method]
    else
      env[id] = _G[id]
    end
  end
  env.ngx = ngx
  env._G = env
  return env
end

local function compile(code, name, mode)
  local env
  if mode == "on" then
    env = setmetatable({ ngx = ngx }, { __index = _G })
  else
    env = sandbox_env()
  end
  return assert(load(code, "=" .. name, "t", env))
end

local function runner(chunk)
  local current = chunk
  local first = true
  return function()
    if first then
      first = false
      local result = current()
      if type(result) == "function" then
        current = result
        return current()
      end
      return
    end
    local result = current()
    return result
  end
end

local plugins = {}

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

-- name: a plugin instance; prelude: Lua source of the prelude chunk; mode: "sandbox" or "on"
function M.add(name, hook_path, prelude, mode)
  local hook = read(hook_path)
  local function phase(list)
    local fns = {}
    for i, item in ipairs(list) do
      fns[i] = runner(compile(item[1], name .. ":" .. item[2], mode))
    end
    return fns
  end
  plugins[name] = {
    access = phase({ { prelude, "prelude" }, { hook, "masking-hook.lua" } }),
    header_filter = phase({ { hook, "masking-hook.lua" } }),
    body_filter = phase({ { hook, "masking-hook.lua" } }),
  }
end

function M.run(name, phase)
  for _, f in ipairs(plugins[name][phase]) do
    f()
  end
end

return M
