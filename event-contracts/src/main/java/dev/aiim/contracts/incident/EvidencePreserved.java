package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * What was kept before a containment action altered the AI system (EU AI Act Art. 73(6): nothing that affects the
 * analysis of causes is altered before the authority is informed): the model version the incident happened on, the
 * telemetry windows that raised its detections with the reference version each was judged against (detection-service
 * holds them from retention while the incident needs them), and links the responder adds (a model snapshot, a copy of
 * the data, logs).
 */
public record EvidencePreserved(@Nullable String modelVersion, List<TelemetryWindow> telemetry, List<String> links) {

    public EvidencePreserved {
        telemetry = telemetry == null ? List.of() : List.copyOf(telemetry);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** The records of one system's telemetry that raised a detection, held as evidence. */
    public record TelemetryWindow(String detectionId, @Nullable String systemId, Instant from, Instant to,
                                  @Nullable Long referenceVersion) {
    }
}
