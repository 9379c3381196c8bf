-- Requests for wrk, one kind per run, chosen by the arguments after "--":
--   <method> <path> <expected status> [<lines file> [<body template> [<carried field>]]]
-- Each request takes the next line of the file (round robin, every thread starting elsewhere); its
-- tab-separated fields replace {1}, {2}, … in the body template and the path. {uuid} is a fresh random id.
-- With a carried field, each thread is a chain (run as many threads as connections): {carry} is that
-- string field of the thread's last expected answer, at first field 1 of the thread's own line, so a
-- refresh token is used once and its successor next.
-- At the end it prints one line "RESULT {json}" with the counts and latency percentiles in microseconds.

local method, path, expected, template, carried_field
local carried
local lines = {}
local position = 0
local threads = {}
unexpected = 0
expected_count = 0

local function fill(text, fields)
  text = text:gsub("{uuid}", function()
    return string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
      math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0xffffffffffff))
  end)
  return (text:gsub("{(%d+)}", function(n) return fields[tonumber(n)] or "" end))
end

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  method, path, expected = args[1], args[2], tonumber(args[3])
  template = args[5]
  carried_field = args[6]
  if args[4] and args[4] ~= "-" then
    for line in io.lines(args[4]) do
      local fields = {}
      for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, field) end
      table.insert(lines, fields)
    end
  end
  math.randomseed(os.time() + (id or 0) * 7919)
  if #lines > 0 then position = math.random(#lines) end
  if carried_field then carried = lines[id][1] end
end

function request()
  local fields = {}
  if #lines > 0 then
    position = position % #lines + 1
    fields = lines[position]
  end
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  local body = nil
  if template then
    body = fill(carried and template:gsub("{carry}", carried) or template, fields)
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, fill(path, fields), headers, body)
end

function response(status, headers, body)
  if status == expected then
    expected_count = expected_count + 1
    if carried_field then
      carried = body:match('"' .. carried_field .. '"%s*:%s*"([^"]+)"') or carried
    end
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local wrong = 0
  local right = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
    right = right + thread:get("expected_count")
  end
  io.write(string.format('RESULT {"requests": %d, "expected": %d, "unexpected": %d, "socket_errors": %d, ' ..
    '"duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, right, wrong, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
