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
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * What a batch of accepted alerts does, given the detections already raised under their dedup keys. Alerts are
 * taken in order (the log keeps one key's alerts in order), so a batch that fires and resolves the same alert does
 * both. Pure: the caller stores and publishes.
 *
 * <p>A detection's id follows from the alert, never from chance, so an alert accepted twice (a sender that heard 503
 * or nothing and sent it again, a replay of the log) can never raise twice:
 * <ul>
 *   <li>An alert whose sender marks its firing episode (Alertmanager's and Grafana's {@code startsAt}, a signal's
 *   {@code occurredAt}) is that episode's detection, {@link #episodeId}: the first raises it, every later one
 *   (Alertmanager re-sends a firing alert on each group interval) counts as a repeat, and its resolution resolves
 *   it.</li>
 *   <li>An alert without one (PagerDuty's events, a signal without {@code occurredAt}) repeats the detection its key
 *   raised within the dedup window, or raises the next in its key's chain, {@link #detectionId} (the detection raised
 *   under the key before it). A resolution resolves the key's newest open detection.</li>
 * </ul>
 */
public final class AlertDeduplication {

    private AlertDeduplication() {
    }

    /** A detection still open; the original detection is read only when resolved. */
    public record OpenDetection(String dedupKey, String detectionId, Instant raisedAt,
                                Supplier<DetectionRaised> raised) {
    }

    /** One accepted alert: its dedup key, when it was accepted, and how it raises a detection under a given id. */
    public record Arrival(String key, InboundAlert alert, Instant at,
                          BiFunction<InboundAlert, String, DetectionRaised> raise) {

        /** The id of the detection this alert's firing episode is, when the sender marks episodes; else null. */
        public @Nullable String episode() {
            return alert.firingStart() == null ? null : episodeId(key, alert.firingStart());
        }
    }

    /**
     * What is known of the batch's keys before it.
     *
     * @param open     the detections still open under the keys
     * @param latest   per key, the id of the newest detection raised under it, open or resolved
     * @param existing of the batch's episode ids, those raised before, open or resolved
     */
    public record Known(List<OpenDetection> open, Map<String, String> latest, Set<String> existing) {
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

    /** The id of the detection of the firing episode that began at {@code firingStart} under {@code dedupKey}. */
    public static String episodeId(String dedupKey, Instant firingStart) {
        return UUID.nameUUIDFromBytes((dedupKey + "\nfiring since " + firingStart)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The arrival of an alert that raises by its integration's normalisation rules. */
    public static Arrival arrival(Integration integration, InboundAlert alert, Instant at) {
        return new Arrival(dedupKey(integration, alert), alert, at, (a, id) -> raised(integration, a, id, at));
    }

    public static Outcome apply(List<Arrival> arrivals, Known known, Duration window) {
        Map<String, List<OpenDetection>> openByKey = new HashMap<>();
        known.open().forEach(o -> openByKey.computeIfAbsent(o.dedupKey(), k -> new ArrayList<>()).add(o));
        Map<String, String> newest = new HashMap<>(known.latest());
        Set<String> existing = new HashSet<>(known.existing());
        List<DetectionRaised> raised = new ArrayList<>();
        Map<String, Integer> repeats = new LinkedHashMap<>();
        List<DetectionResolved> resolved = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Arrival arrival : arrivals) {
            String key = arrival.key();
            String episode = arrival.episode();
            List<OpenDetection> open = openByKey.computeIfAbsent(key, k -> new ArrayList<>());
            OpenDetection newestOpen = open.stream().max(Comparator.comparing(OpenDetection::raisedAt)).orElse(null);
            if (arrival.alert().firing()) {
                String repeated = episode != null ? (existing.contains(episode) ? episode : null)
                        : newestOpen != null && !newestOpen.raisedAt().isBefore(arrival.at().minus(window))
                        ? newestOpen.detectionId() : null;
                if (repeated != null) {
                    repeats.merge(repeated, 1, Integer::sum);
                    ids.add(repeated);
                } else {
                    DetectionRaised detection = arrival.raise().apply(arrival.alert(),
                            episode != null ? episode : detectionId(key, newest.get(key)));
                    newest.put(key, detection.detectionId());
                    existing.add(detection.detectionId());
                    raised.add(detection);
                    open.add(new OpenDetection(key, detection.detectionId(), arrival.at(), () -> detection));
                    ids.add(detection.detectionId());
                }
                continue;
            }
            // a resolution: of its own episode when that was raised (and only then), else of the key's newest
            OpenDetection target = episode != null && existing.contains(episode)
                    ? open.stream().filter(o -> o.detectionId().equals(episode)).findFirst().orElse(null)
                    : newestOpen;
            if (target != null) {
                DetectionRaised original = target.raised().get();
                Instant at = arrival.alert().endedAt() != null ? arrival.alert().endedAt() : arrival.at();
                resolved.add(new DetectionResolved(original.detectionId(), original.correlationKey(),
                        original.dedupKey(), original.systemId(), original.category(), arrival.alert().summary(),
                        original.source(), at, original.simulation()));
                open.remove(target);
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
