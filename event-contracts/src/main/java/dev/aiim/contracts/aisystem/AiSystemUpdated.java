package dev.aiim.contracts.aisystem;

import java.time.Instant;

/** A registered AI system changed; {@code system} is the whole new state (the topic is compacted). */
public record AiSystemUpdated(AiSystem system, String changedBy, Instant changedAt) {
}
