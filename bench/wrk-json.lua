-- wrk reporter: one JSON line (the last line of stdout) with throughput, latency percentiles and errors.
-- Responses other than 2xx/3xx are counted in errors.status; bench/run fails when any error is non-zero.
-- WRK_BODY set: every request is a POST of that JSON body.
-- WRK_DELAY_MS set: each connection waits that long before each request (a paced client, not a
-- saturating one; latencies exclude the wait).
local body = os.getenv("WRK_BODY")
if body then
  wrk.method = "POST"; wrk.body = body; wrk.headers["Content-Type"] = "application/json"
end
-- WRK_PATHS set: a file of request paths, one per line; each request takes one of them at random.
local paths_file = os.getenv("WRK_PATHS")
if paths_file then
  local paths = {}
  for line in io.lines(paths_file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  init = function() math.randomseed(os.time()) end
  request = function() return wrk.format(nil, paths[math.random(#paths)]) end
end
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "")
if pause then
  delay = function() return pause end
end
-- WRK_RATE set (with -t1): requests start on a fixed schedule, WRK_RATE per second over all the connections
-- (an open schedule: each request waits for the next free slot, whichever connection is free; a connection
-- late for its slot starts at once, so a slow answer delays the rate only when every connection is busy).
local rate = tonumber(os.getenv("WRK_RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } wrk_json_timespec;
    int clock_gettime(int clock, wrk_json_timespec *ts);
  ]]
  local ts = ffi.new("wrk_json_timespec")
  local function now_ms() -- CLOCK_MONOTONIC
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) * 1e3 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval, start, slot = 1000 / rate, nil, 0
  delay = function()
    local t = now_ms()
    start = start or t
    local due = start + slot * interval
    slot = slot + 1
    return math.max(0, math.floor(due - t + 0.5))
  end
end

done = function(summary, latency, requests)   -- times are in microseconds
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,' ..
    '"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
