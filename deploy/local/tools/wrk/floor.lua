-- wrk script: the no-op floor (GET /q/health/live), reporting in the same one-line shape as alertmanager.lua.
function done(summary, latency, requests)
  io.write(string.format("AIIM requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d"
    .. " socket_errors=%d\n", summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
