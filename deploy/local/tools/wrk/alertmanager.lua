-- wrk script: Alertmanager webhooks (version 4) to detection-service's intake, each alert a new fingerprint so
-- that each raises a detection. Environment: AIIM_TOKEN (the integration's bearer token), AIIM_SYSTEM (the AI
-- system named), AIIM_ALERTS (alerts per request, default 1), AIIM_RUN (a prefix that keeps runs apart),
-- AIIM_DELAY_MS (a pause before each request, for a paced run; default 0), AIIM_STATUS (firing, the default, or
-- resolved: resolutions of alerts never seen, which raise nothing), AIIM_MAX_REQUESTS (see below).
local token = os.getenv("AIIM_TOKEN")
local system = os.getenv("AIIM_SYSTEM") or "benchmark"
local per_request = tonumber(os.getenv("AIIM_ALERTS") or "1")
local run = os.getenv("AIIM_RUN") or tostring(os.time())
local pause = tonumber(os.getenv("AIIM_DELAY_MS") or "0")
local status = os.getenv("AIIM_STATUS") or "firing"
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- paced runs only: a delay() that is defined at all puts wrk on its timer path
if pause > 0 then
  function delay()
    return pause
  end
end

function request()
  local alerts = {}
  for i = 1, per_request do
    counter = counter + 1
    alerts[i] = string.format('{"status": "%s", "labels": {"alertname": "ApprovalRateDisparity",'
      .. ' "severity": "warning", "category": "fairness", "n": "%d"}, "annotations": {"summary": "benchmark %d"},'
      .. ' "startsAt": "2026-12-01T08:00:00Z", "endsAt": "0001-01-01T00:00:00Z",'
      .. ' "fingerprint": "%s-%d-%d"}', status, counter, counter, run, thread_id, counter)
  end
  local body = string.format('{"version": "4", "groupKey": "{}:{alertname=\\"ApprovalRateDisparity\\"}",'
    .. ' "status": "%s", "receiver": "aiim", "groupLabels": {}, "commonLabels": {"ai_system": "%s"},'
    .. ' "commonAnnotations": {}, "externalURL": "http://alertmanager.example:9093", "alerts": [%s]}',
    status, system, table.concat(alerts, ","))
  return wrk.format(nil, nil, nil, body)
end

-- AIIM_MAX_REQUESTS: each connection stops after that many answers (a storm of a known size)
local max_requests = tonumber(os.getenv("AIIM_MAX_REQUESTS") or "0")
local answered = 0
if max_requests > 0 then
  function response(status, headers, body)
    answered = answered + 1
    if answered >= max_requests then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("AIIM requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d"
    .. " socket_errors=%d\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
