package dev.aiim.contracts.aisystem;

import java.time.Instant;

/** An AI system joined the registry. */
public record AiSystemRegistered(AiSystem system, String changedBy, Instant changedAt) {
}
