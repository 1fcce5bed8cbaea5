-- wrk script for bench/load.py: a mix of public pages (both languages), API lists, series and
-- searches, each thread walking the mix from its own starting point. Search terms and list pages
-- vary (a cached page is only served again for the same URL), so part of every run misses the cache.
--
--   wrk -t2 -c32 -d30s -s bench/load.lua http://127.0.0.1:PORT
--   wrk ... -s bench/load.lua http://127.0.0.1:PORT -- /healthz     (one path only: the baseline)
-- done() prints one line "result {...}" of JSON that bench/load.py reads.

local pages = {
  "/en/", "/zh-hans/",
  "/en/alliances/", "/zh-hans/alliances/new-silk-road/",
  "/en/institutions/", "/zh-hans/institutions/?country=RUS&kind=university",
  "/en/institutions/xi-an-jiaotong-university/",
  "/en/cooperation/", "/zh-hans/cooperation/projects/?country=KAZ&start_year__gte=2015",
  "/en/problems/", "/zh-hans/problems/",
  "/en/trade/?country=KAZ,RUS&flow=total", "/zh-hans/trade/",
  "/en/statistics/", "/en/countries/", "/zh-hans/countries/RUS/", "/en/countries/KAZ/",
  "/en/sources/", "/en/data/",
}
local api = {
  "/api/v1/trade/?country=KAZ&year__gte=2015&flow=total",
  "/api/v1/trade/?ordering=-year",
  "/api/v1/institutions/?country=RUS&kind=university",
  "/api/v1/projects/?country=KAZ",
  "/api/v1/countries/",
  "/api/v1/trade/?format=csv&country=KAZ,RUS&flow=total&year__gte=2010",
  "/api/v1/trade/series/?country=KAZ,RUS&flow=total",
  "/api/v1/observations/?format=json",
}
local terms = {
  "university", "trade", "silk", "railway", "energy", "agriculture", "medicine", "education",
  "Kazakhstan", "Russia", "culture", "port", "finance", "technology", "%E5%A4%A7%E5%AD%A6",
  "%E8%B4%B8%E6%98%93", "%E4%B8%9D%E7%BB%B8", "%E5%90%88%E4%BD%9C", "%E9%93%81%E8%B7%AF",
}

local counter = 0
statuses = {} -- global: done() reads each thread's with thread:get
local fixed = nil -- a single path instead of the mix (the baseline), given after "--" on wrk's command line

function init(args)
  fixed = args[1]
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16))
  counter = math.random(1, 1000)
end

-- Of every 20 requests: 10 public pages, 6 API lists or series, 2 portal searches (either language),
-- 1 API search and 1 page of the institution list (of 200) that the page cache rarely holds.
local function next_path()
  counter = counter + 1
  local kind = counter % 20
  local round = math.floor(counter / 20)
  if kind < 10 then
    return pages[(round * 10 + kind) % #pages + 1]
  elseif kind < 16 then
    return api[(round * 6 + kind) % #api + 1]
  elseif kind < 18 then
    local lang = (kind == 16) and "en" or "zh-hans"
    return "/" .. lang .. "/search/?q=" .. terms[(round + kind) % #terms + 1]
  elseif kind == 18 then
    return "/api/v1/trade/?search=" .. terms[round % #terms + 1]
  end
  return "/en/institutions/?page=" .. math.random(1, 200)
end

function request()
  return wrk.format("GET", fixed or next_path())
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local failed = 0
  local parts = {}
  for status, count in pairs(by_status) do
    if status >= 400 then
      failed = failed + count
    end
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'result {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, '
      .. '"non_2xx_3xx": %d, "socket_errors": %d, "socket_detail": "connect %d, read %d, write %d", '
      .. '"timeouts": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, failed,
    errors.connect + errors.read + errors.write, errors.connect, errors.read, errors.write, errors.timeout,
    table.concat(parts, ", ")
  ))
end
