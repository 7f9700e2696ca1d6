package dev.aiim.detection.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.contracts.Nullable;
import dev.aiim.detection.repository.BacktestRepository.StoredBacktest;

import java.time.Instant;
import java.util.UUID;

/**
 * A backtest as the API answers it. While it runs, {@code windows} counts the windows evaluated so far out of
 * {@code windowsPlanned}; once DONE, the result's fields are filled in: per monitor the windows it could
 * judge, its breaching windows and the detections it would have raised ({@code detectionCount} goes on
 * where the list stops at 100), the first detection at or after {@code faultStartedAt}, the delay to it, and
 * the detections before the fault.
 */
public record BacktestView(UUID backtestId, String systemId, String status, @Nullable String error,
                           @Nullable JsonNode request, int windows, int windowsPlanned, @Nullable Long records,
                           @Nullable JsonNode monitors, @Nullable Instant firstDetectionAt,
                           @Nullable Long detectionDelaySeconds, @Nullable Integer detectionsBeforeFault,
                           String requestedBy, Instant requestedAt, @Nullable Instant finishedAt) {

    /**
     * @param abandoned the replica running it stopped: answered FAILED
     * @param request   what was asked, with the settings used in full
     * @param result    the stored result (null until DONE)
     */
    static BacktestView of(StoredBacktest b, boolean abandoned, @Nullable JsonNode request, @Nullable JsonNode result) {
        String status = abandoned ? "FAILED" : b.status().name();
        String error = abandoned ? "Abandoned: the replica running it stopped; start it again" : b.error();
        return new BacktestView(b.backtestId(), b.systemId(), status, error, request, b.windowsDone(), b.windows(),
                result == null ? null : result.path("records").asLong(),
                result == null ? null : result.get("monitors"),
                present(result, "firstDetectionAt") ? Instant.parse(result.get("firstDetectionAt").asText()) : null,
                present(result, "detectionDelaySeconds") ? result.get("detectionDelaySeconds").asLong() : null,
                result == null ? null : result.path("detectionsBeforeFault").asInt(),
                b.requestedBy(), b.requestedAt(), b.finishedAt());
    }

    private static boolean present(@Nullable JsonNode result, String field) {
        return result != null && result.hasNonNull(field);
    }
}
