-- `make bench`: one endpoint at a time, each request as a signed-in resident.
--
-- BENCH_REQUESTS names a file of requests, one a line, tab-separated:
--   method, path, Cookie header, CSRF token (POST), body (POST), "1" for HX-Request.
-- Each of wrk's threads takes every BENCH_THREADS-th line from its own offset.
--   BENCH_MODE=cycle: the thread goes round its lines (GETs: each request is another
--                     learner than the one before on that thread).
--   BENCH_MODE=once:  each line is sent once (answer posts: every request is a first
--                     answer); a thread that runs out of lines stops and says so, and
--                     appends a line to BENCH_DONE if set (run.py then ends the run).
-- done() writes wrk's numbers, the percentiles and the status counts to BENCH_OUT (JSON).

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  mode = os.getenv("BENCH_MODE") or "cycle"
  prepared = {}
  local n = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if n % nthreads == id - 1 then
      local f = split(line)
      local headers = { ["Cookie"] = f[3] }
      if f[1] == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = f[4]
      end
      if f[6] == "1" then
        headers["HX-Request"] = "true"
      end
      local body = f[5] ~= "" and f[5] or nil
      table.insert(prepared, wrk.format(f[1], f[2], headers, body))
    end
    n = n + 1
  end
  index = 0
  exhausted = 0
  statuses = {}
end

function request()
  index = index + 1
  if index > #prepared then
    if mode == "once" then
      -- Every line has been sent and none is ever repeated: stop this thread. The loop may
      -- still write one request before it stops; make it the bare baseline, never a repeat.
      if exhausted == 0 and os.getenv("BENCH_DONE") then
        local marker = io.open(os.getenv("BENCH_DONE"), "a")
        marker:write("done\n")
        marker:close()
      end
      exhausted = 1
      wrk.thread:stop()
      return wrk.format("GET", "/bench/baseline/")
    end
    index = 1
  end
  return prepared[index]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local merged, stopped = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
    stopped = stopped + thread:get("exhausted")
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"duration_us": %d, "requests": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "stdev": %.1f, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d}, ' ..
    '"statuses": {%s}, "threads_out_of_requests": %d}',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99),
    table.concat(parts, ", "), stopped))
  out:close()
end
