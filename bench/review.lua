-- wrk script: review draft save + submit. Each review is saved once (PUT /api/v1/reviews/{id}, a complete
-- draft) and, once that answer says "in_progress", submitted (POST /api/v1/reviews/{id}/submit) on the
-- next free connection. A transaction = one submitted review; the JSON line (last line of stdout) has
-- their rate, and the next review number for a following run.
--   REVIEW_FROM, REVIEW_TO  review numbers n to use; the id of n is REVIEW_PREFIX .. n on 12 digits
--   REVIEW_TOKENS           access tokens of the evaluators, space-separated: n belongs to token (n-1) % #tokens + 1
-- Running out of reviews is reported ("exhausted" > 0: bench/run fails), never silently repeated.
local prefix = os.getenv("REVIEW_PREFIX") or "b0000000-0000-7000-b000-"
local last = tonumber(os.getenv("REVIEW_TO"))
local tokens = {}
for t in string.gmatch(os.getenv("REVIEW_TOKENS") or "", "%S+") do tokens[#tokens + 1] = t end
local draft = '{"scores":{"security_sovereignty":4.0,"growth_development":3.5,"talent_skills":3.0,' ..
  '"effectiveness_sustainability":4.5},"overall_comment":"Proposta solida, ben argomentata e sostenibile.",' ..
  '"recommendation":"accept"}'

-- Globals, so that done() can read them through thread:get.
nextn = tonumber(os.getenv("REVIEW_FROM"))
submitted, saved, exhausted, unexpected = 0, 0, 0, 0
local queue, head, tail = {}, 1, 0

local function id(n) return prefix .. string.format("%012d", n) end
local function headers(n, json)
  local h = { ["Host"] = wrk.headers["Host"], ["Authorization"] = "Bearer " .. tokens[(n - 1) % #tokens + 1] }
  if json then h["Content-Type"] = "application/json" end
  return h
end

request = function()
  if head <= tail then
    local n = queue[head]; queue[head] = nil; head = head + 1
    return wrk.format("POST", "/api/v1/reviews/" .. id(n) .. "/submit", headers(n, false), "")
  end
  if nextn <= last then
    local n = nextn; nextn = nextn + 1
    return wrk.format("PUT", "/api/v1/reviews/" .. id(n), headers(n, true), draft)
  end
  exhausted = exhausted + 1
  return wrk.format("GET", "/healthz", { ["Host"] = wrk.headers["Host"] })
end

response = function(status, hdrs, body)
  local state = body:match('"state":"([%a_]+)"')
  if status ~= 200 then
    unexpected = unexpected + 1
  elseif state == "in_progress" then
    saved = saved + 1
    tail = tail + 1; queue[tail] = tonumber(body:match('^{"id":"[%x%-]+(%d%d%d%d%d%d%d%d%d%d%d%d)"'))
  elseif state == "submitted" then
    submitted = submitted + 1
  end
end

local threads = {}
setup = function(thread) threads[#threads + 1] = thread end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  local s, x, u, nx = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("submitted"); x = x + t:get("exhausted"); u = u + t:get("unexpected"); nx = t:get("nextn")
  end
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"submitted":%d,"tx_per_s":%.1f,"next":%d,"exhausted":%d,' ..
    '"unexpected":%d,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, secs, summary.requests / secs, s, s / secs, nx, x, u,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
