package dev.aiim.incident.rest;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.Severity;
import dev.aiim.incident.repository.DetectionSignalRepository;

import java.time.Instant;
import java.util.List;

/** A page of an incident's signals (docs/api.md), newest first: {@code items}, {@code total}, {@code page}, {@code size}. */
public record SignalList(List<Item> items, long total, int page, int size) {

    /** One detection of the incident, attached or counted. */
    public record Item(String detectionId, DetectionSource source, String summary, @Nullable Severity suggestedSeverity,
                       Instant detectedAt, @Nullable Instant resolvedAt) {
    }

    static SignalList of(DetectionSignalRepository.SignalPage found, int page, int size) {
        return new SignalList(found.items().stream().map(s -> new Item(s.detectionId(), s.source(), s.summary(),
                s.suggestedSeverity(), s.detectedAt(), s.resolvedAt())).toList(), found.total(), page, size);
    }
}
