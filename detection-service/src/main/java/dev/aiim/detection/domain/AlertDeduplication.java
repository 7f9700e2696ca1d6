package dev.aiim.detection.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.ReportedTimes;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What one request's alerts do, given the detections still open for their dedup keys: a firing alert
 * raises a detection, or counts as a repeat of the one its key raised within the window; a resolved
 * alert resolves the open one (and is ignored when there is none). Alerts are taken in order, so a
 * request that fires and resolves the same alert does both. Pure: the caller stores and publishes.
 *
 * <p>A new detection's id follows from its dedup key and the detection raised before it under that key
 * ({@link #detectionId}), not from chance. The intake's transaction may roll back after Kafka has the detection
 * (the database went away before the commit): the sender hears 503 and sends the alert again, and its retry
 * raises the same id, which every consumer has already taken (they take a detection once by id), instead of a
 * second detection for one alert. Detections are never deleted, so an id is never derived twice otherwise.
 */
public final class AlertDeduplication {

    private AlertDeduplication() {
    }

    /** The detections still open for a dedup key; the original detection is read only when resolved. */
    public record OpenDetection(String detectionId, Instant raisedAt, Supplier<DetectionRaised> raised) {
    }

    /**
     * @param raised       new detections, in alert order
     * @param repeats      detection id to how many more times its alert fired
     * @param resolved     resolutions, in alert order
     * @param detectionIds per alert that concerned a detection, its id (alerts resolving nothing have none)
     */
    public record Outcome(List<DetectionRaised> raised, Map<String, Integer> repeats, List<DetectionResolved> resolved,
                          List<String> detectionIds) {

        public Map<String, Instant> resolvedAt() {
            Map<String, Instant> at = new LinkedHashMap<>();
            resolved.forEach(r -> at.put(r.detectionId(), r.resolvedAt()));
            return at;
        }
    }

    /** Dedup keys are per integration: two senders may well use the same fingerprints. */
    public static String dedupKey(Integration integration, InboundAlert alert) {
        return integration.id() + ":" + alert.dedupKey();
    }

    /** The id of the detection raised under {@code dedupKey} after {@code previous} (null: the first). */
    public static String detectionId(String dedupKey, @Nullable String previous) {
        return UUID.nameUUIDFromBytes((dedupKey + "\n" + (previous == null ? "" : previous))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param open   per dedup key, the detection still open
     * @param latest per dedup key, the id of the newest detection raised under it, open or resolved
     */
    public static Outcome apply(Integration integration, List<InboundAlert> alerts, Map<String, OpenDetection> open,
                                Map<String, String> latest, Duration window, Instant now) {
        return apply(integration, alerts, open, latest, window, now,
                (alert, id) -> raised(integration, alert, id, now));
    }

    /**
     * As above, with {@code raise} making the detection (with the given id) that a new alert raises: signals carry
     * their fields directly.
     */
    public static Outcome apply(Integration integration, List<InboundAlert> alerts, Map<String, OpenDetection> open,
                                Map<String, String> latest, Duration window, Instant now,
                                BiFunction<InboundAlert, String, DetectionRaised> raise) {
        Map<String, OpenDetection> current = new HashMap<>(open);
        Map<String, String> newest = new HashMap<>(latest);
        List<DetectionRaised> raised = new ArrayList<>();
        Map<String, Integer> repeats = new LinkedHashMap<>();
        List<DetectionResolved> resolved = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Instant windowStart = now.minus(window);
        for (InboundAlert alert : alerts) {
            String key = dedupKey(integration, alert);
            OpenDetection known = current.get(key);
            if (alert.firing()) {
                if (known != null && !known.raisedAt().isBefore(windowStart)) {
                    repeats.merge(known.detectionId(), 1, Integer::sum);
                    ids.add(known.detectionId());
                } else {
                    DetectionRaised detection = raise.apply(alert, detectionId(key, newest.get(key)));
                    newest.put(key, detection.detectionId());
                    raised.add(detection);
                    current.put(key, new OpenDetection(detection.detectionId(), now, () -> detection));
                    ids.add(detection.detectionId());
                }
            } else if (known != null) {
                DetectionRaised original = known.raised().get();
                Instant at = alert.endedAt() != null ? alert.endedAt() : now;
                resolved.add(new DetectionResolved(original.detectionId(), original.correlationKey(),
                        original.dedupKey(), original.systemId(), original.category(), alert.summary(),
                        original.source(), at, original.simulation()));
                current.remove(key);
                ids.add(original.detectionId());
            }
        }
        return new Outcome(raised, repeats, resolved, ids);
    }

    private static DetectionRaised raised(Integration integration, InboundAlert alert, String detectionId,
                                          Instant now) {
        NormalizationRules rules = integration.rules();
        IncidentCategory category = rules.category(alert.labels());
        String systemId = rules.system(alert.labels(), integration.systemId());
        String correlationKey = rules.correlationKey(systemId, category, integration.id(), alert.senderGroup());
        // A start in the future is a sender's clock error, one more than a year back a stale or forged one: neither
        // may become the incident's start (and so its time to detect). What the sender sent stays in the evidence.
        Instant occurredAt = alert.startedAt() != null && !alert.startedAt().isAfter(now)
                && ReportedTimes.plausible(alert.startedAt(), now) ? alert.startedAt() : null;
        return new DetectionRaised(detectionId, correlationKey, dedupKey(integration, alert), systemId,
                category, alert.summary(), rules.severity(alert.labels()), DetectionSource.ALERT, integration.id(),
                occurredAt, now, alert.labels(), evidence(alert, rules), false);
    }

    private static Map<String, Object> evidence(InboundAlert alert, NormalizationRules rules) {
        String modelVersion = alert.labels().get(rules.modelVersionLabel());
        if (modelVersion == null) {
            return alert.evidence();
        }
        Map<String, Object> evidence = new LinkedHashMap<>(alert.evidence());
        evidence.put("modelVersion", modelVersion);
        return evidence;
    }
}
