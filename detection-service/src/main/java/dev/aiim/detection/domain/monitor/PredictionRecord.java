package dev.aiim.detection.domain.monitor;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * One prediction as the monitors see it: what the model said ({@code prediction} as a class,
 * {@code score} as a probability), what was decided for the person ({@code decision}, e.g. approved),
 * the inputs, the group attributes fairness is measured across, and, once known, the ground truth.
 */
public record PredictionRecord(String id, Instant timestamp, @Nullable String modelVersion,
                               @Nullable String prediction, @Nullable Double score, @Nullable String decision,
                               Map<String, Object> features, Map<String, String> groups,
                               @Nullable Double latencyMs, boolean error, @Nullable String label) {
}
