package dev.aiim.detection.service;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.monitor.Hysteresis;
import dev.aiim.detection.domain.monitor.MonitorRun;

import java.time.Instant;
import java.util.Map;

/**
 * One monitor's state as clients see it: RAISED (a detection is open; RECOVERING while healthy windows
 * count towards clearing it), BREACHING (breached, not yet for long enough to raise), OK, or
 * INSUFFICIENT_DATA; with its last value, threshold and evidence.
 */
public record MonitorStatus(String key, String monitor, String subject, String state, String verdict, String metric,
                            @Nullable Double value, @Nullable Double threshold, Map<String, Object> evidence,
                            int consecutiveBreaches, int consecutiveHealthy, Instant evaluatedAt, Instant since,
                            @Nullable String detectionId) {

    static MonitorStatus of(MonitorRun.State s) {
        Hysteresis h = s.hysteresis();
        Hysteresis.Verdict verdict = s.last().verdict();
        String state = s.raised() ? (h.healthy() > 0 ? "RECOVERING" : "RAISED")
                : verdict == Hysteresis.Verdict.BREACH ? "BREACHING"
                : verdict == Hysteresis.Verdict.INSUFFICIENT_DATA ? "INSUFFICIENT_DATA" : "OK";
        return new MonitorStatus(s.key(), s.monitor().name(), s.subject(), state, verdict.name(), s.last().metric(),
                MonitorRun.finite(s.last().value()), MonitorRun.finite(s.last().threshold()), s.last().evidence(),
                h.breaches(), h.healthy(), s.evaluatedAt(), s.changedAt(), s.detectionId());
    }
}
