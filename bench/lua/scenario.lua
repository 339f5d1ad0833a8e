-- `make bench`: the synchronized start. Residents, all signed in, open the case at the same
-- moment and answer its first step, each as a browser would:
--   GET /  ->  POST /cases/<id>/start/ (302)  ->  GET /attempts/<a>/ (302)
--   ->  GET /attempts/<a>/steps/1/  ->  POST each answer of step 1 (htmx).
--
-- Run with as many wrk threads as connections: each thread has one connection, so its
-- requests and responses strictly alternate and it can walk its residents one after another.
-- Environment: BENCH_SCENARIO (file: index, session key, CSRF token, "qkey=option,..."),
-- BENCH_THREADS, BENCH_CASE_ID, BENCH_FORM_VERSION (what the answer forms carry besides the
-- answer: the version they show), BENCH_LOG_DIR. Each thread writes one line per response to
-- BENCH_LOG_DIR/scenario-<thread>.tsv:
--   thread, learner, phase, status, latency_us, end_us (CLOCK_MONOTONIC), attempt, question
-- and "#done" once its residents are through.

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]])
local timespec = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC: comparable across threads and run.py
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
end

local function split(text, sep)
  local fields = {}
  for field in (text .. sep):gmatch("([^" .. sep .. "]*)" .. sep) do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  case_id = os.getenv("BENCH_CASE_ID")
  learners = {}
  local n = 0
  for line in io.lines(os.getenv("BENCH_SCENARIO")) do
    if n % nthreads == id - 1 then
      local f = split(line, "\t")
      local answers = {}
      for _, pair in ipairs(split(f[4], ",")) do
        local kv = split(pair, "=")
        table.insert(answers, { key = kv[1], choice = kv[2] })
      end
      table.insert(learners, {
        index = f[1],
        cookie = "sessionid=" .. f[2] .. "; csrftoken=" .. f[3],
        csrf = f[3],
        answers = answers,
      })
    end
    n = n + 1
  end
  log = io.open(os.getenv("BENCH_LOG_DIR") .. "/scenario-" .. id .. ".tsv", "w")
  current = 1 -- the learner this connection is walking
  phase = "catalogue"
  answer_n = 0
  attempt = ""
  sent_at = 0
  outstanding = false
  retries = 0
  -- wrk calls request() once on the first thread's script before the run to check it:
  -- that call sends nothing and must not count as a lost request.
  verifying = (id == 1)
  finished = (#learners == 0)
  if finished then
    log:write("#done\n")
    log:flush()
  end
end

local function build()
  local learner = learners[current]
  local headers = { ["Cookie"] = learner.cookie }
  if phase == "catalogue" then
    return wrk.format("GET", "/", headers)
  elseif phase == "start" then
    headers["X-CSRFToken"] = learner.csrf
    return wrk.format("POST", "/cases/" .. case_id .. "/start/", headers, "")
  elseif phase == "resume" then
    return wrk.format("GET", "/attempts/" .. attempt .. "/", headers)
  elseif phase == "step" then
    return wrk.format("GET", "/attempts/" .. attempt .. "/steps/1/", headers)
  else
    local answer = learner.answers[answer_n]
    headers["X-CSRFToken"] = learner.csrf
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local path = "/attempts/" .. attempt .. "/questions/" .. answer.key .. "/answer/"
    local body = "choice=" .. answer.choice
    return wrk.format("POST", path, headers, body)
  end
end

local function record(status, latency)
  local question = ""
  if phase == "answer" then
    question = learners[current].answers[answer_n].key
  end
  local name = phase == "answer" and ("answer" .. answer_n) or phase
  log:write(string.format("%d\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", id, learners[current].index,
    name, status, latency, now_us(), attempt, question))
  log:flush()
end

local function next_learner()
  current = current + 1
  phase, answer_n, attempt, retries = "catalogue", 0, "", 0
  if current > #learners then
    finished = true
    log:write("#done\n")
    log:flush()
    wrk.thread:stop()
  end
end

function request()
  if finished then
    return wrk.format("GET", "/bench/baseline/")
  end
  if verifying then
    verifying = false
    return build()
  end
  if outstanding then
    -- The connection failed before this request was answered: log it and send it again,
    -- as a browser's retry would (an answer sent twice is then refused as already answered).
    record(0, now_us() - sent_at)
    retries = retries + 1
    if retries > 3 then
      next_learner()
      if finished then
        return wrk.format("GET", "/bench/baseline/")
      end
    end
  end
  outstanding = true
  sent_at = now_us()
  return build()
end

function response(status, headers, body)
  if finished then
    wrk.thread:stop()
    return
  end
  outstanding = false
  record(status, now_us() - sent_at)
  if phase == "catalogue" then
    phase = "start"
  elseif phase == "start" then
    local location = headers["Location"] or headers["location"] or ""
    local found = location:match("/attempts/(%d+)/")
    if status == 302 and found then
      attempt, phase = found, "resume"
    else
      next_learner() -- no attempt to go on with
    end
  elseif phase == "resume" then
    phase = "step"
  elseif phase == "step" then
    phase, answer_n = "answer", 1
  else
    answer_n = answer_n + 1
    if answer_n > #learners[current].answers then
      next_learner()
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"duration_us": %d, "requests": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "stdev": %.1f, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d}, "statuses": {}}',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
  out:close()
end
