package dev.aiim.detection.rest;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.repository.MaintenanceRepository.Suppressed;
import dev.aiim.detection.repository.MaintenanceRepository.Window;
import dev.aiim.detection.service.MaintenanceWindows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A maintenance window as the API shows it: {@code status} SCHEDULED, ACTIVE or ENDED, and what it held back,
 * each as HELD (open, not sent), RESOLVED (ended within the window, never sent) or RELEASED (still open when
 * the window ended, sent then).
 */
public record MaintenanceWindowView(UUID windowId, String systemId, @Nullable String integrationId, Instant start,
                                    Instant end, String reason, String status, String createdBy, Instant createdAt,
                                    @Nullable Instant endedAt, @Nullable String endedBy, @Nullable Instant releasedAt,
                                    int suppressedCount, @Nullable List<HeldBack> suppressed) {

    public record HeldBack(String detectionId, String state, String source, String summary,
                           @Nullable String severity, Instant detectedAt, @Nullable Instant resolvedAt,
                           @Nullable Instant releasedAt) {

        static HeldBack of(Suppressed s) {
            String state = s.releasedAt() != null ? "RELEASED" : s.resolvedAt() != null ? "RESOLVED" : "HELD";
            return new HeldBack(s.detectionId(), state, s.detection().source().name(), s.detection().summary(),
                    s.detection().suggestedSeverity() == null ? null : s.detection().suggestedSeverity().name(),
                    s.detectedAt(), s.resolvedAt(), s.releasedAt());
        }
    }

    static MaintenanceWindowView of(MaintenanceWindows.Held held, Instant now) {
        return of(held.window(), held.suppressed().stream().map(HeldBack::of).toList(), now);
    }

    /** Without the list (a system's windows). */
    static MaintenanceWindowView of(Window w, Instant now) {
        return of(w, null, now);
    }

    private static MaintenanceWindowView of(Window w, @Nullable List<HeldBack> suppressed, Instant now) {
        Instant over = w.endedAt() != null && w.endedAt().isBefore(w.end()) ? w.endedAt() : w.end();
        String status = now.isBefore(w.start()) ? "SCHEDULED" : now.isBefore(over) ? "ACTIVE" : "ENDED";
        return new MaintenanceWindowView(w.windowId(), w.systemId(), w.integrationId(), w.start(), w.end(),
                w.reason(), status, w.createdBy(), w.createdAt(), w.endedAt(), w.endedBy(), w.releasedAt(),
                suppressed == null ? 0 : suppressed.size(), suppressed);
    }
}
