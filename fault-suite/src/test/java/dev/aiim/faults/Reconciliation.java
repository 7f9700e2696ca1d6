package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.system.story.PlatformClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.KAFKA;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static org.awaitility.Awaitility.await;

/**
 * The end of a fault: every signal the ledger says was accepted is looked for where it belongs, on its system's
 * incident (incident-service's view) and as one {@code detection.raised} on {@code aiim.detections.v1}.
 *
 * @param accepted   items the platform accepted
 * @param lost       accepted, and not where they belong
 * @param duplicated accepted, and on incidents more than once
 * @param phantoms   there, although never accepted (for example after a 503)
 * @param redelivered detections on the topic more than once under the same id (a retry after a rollback the sender
 *                    heard as 503): at-least-once delivery, which consumers take once by id; counted, not a failure
 */
record Reconciliation(int accepted, int lost, int duplicated, int phantoms, int redelivered) {

    /** Waits (up to {@code within}) until every accepted signal is on its incident, then counts. */
    static Reconciliation ofSignals(Ledger ledger, Collection<String> systems, Duration within) {
        Map<String, String> accepted = ledger.accepted();
        Map<String, Integer> onIncidents;
        try {
            onIncidents = await("every accepted signal on its incident").atMost(within)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> signalsOnIncidents(systems), found -> found.keySet().containsAll(accepted.keySet()));
        } catch (ConditionTimeoutException e) {
            onIncidents = signalsOnIncidents(systems);
        }
        Map<String, Integer> onTopic = detectionsRaised(new HashSet<>(systems));
        int lost = 0;
        int duplicated = 0;
        for (String id : accepted.keySet()) {
            if (!onIncidents.containsKey(id) || !onTopic.containsKey(id)) {
                lost++;
            } else if (onIncidents.get(id) > 1) {
                duplicated++;
            }
        }
        int redelivered = (int) onTopic.values().stream().filter(n -> n > 1).count();
        Set<String> phantoms = new HashSet<>(onIncidents.keySet());
        phantoms.addAll(onTopic.keySet());
        phantoms.removeAll(accepted.keySet());
        return new Reconciliation(accepted.size(), lost, duplicated, phantoms.size(), redelivered);
    }

    /**
     * detection id -> how many times it is a signal of the incidents of {@code systems}. An incident attaches its
     * first signals and counts the rest, so its detections are read from its signal list (each detection once) and
     * checked against the view: a detection attached twice counts twice; signals counted beyond the detections
     * listed (one counted twice) appear as an id no sender was told of, a phantom.
     */
    static Map<String, Integer> signalsOnIncidents(Collection<String> systems) {
        Map<String, Integer> found = new HashMap<>();
        for (String system : systems) {
            JsonNode page = CLIENT.expect(200, "responder", "GET", INCIDENT.url("/api/v1/incidents?size=100&systemId="
                    + system), null);
            for (JsonNode item : page.get("items")) {
                String incidentId = item.get("id").asText();
                JsonNode incident = CLIENT.expect(200, "responder", "GET", INCIDENT.url("/api/v1/incidents/"
                        + incidentId), null);
                Map<String, Integer> attached = new HashMap<>();
                for (JsonNode signal : incident.at("/signals/items")) {
                    attached.merge(signal.get("detectionId").asText(), 1, Integer::sum);
                }
                long listed = 0;
                for (int p = 0; ; p++) {
                    JsonNode signals = CLIENT.expect(200, "responder", "GET", INCIDENT.url("/api/v1/incidents/"
                            + incidentId + "/signals?size=200&page=" + p), null);
                    for (JsonNode signal : signals.get("items")) {
                        found.merge(signal.get("detectionId").asText(), attached.getOrDefault(
                                signal.get("detectionId").asText(), 1), Integer::sum);
                        listed++;
                    }
                    if (signals.get("items").size() < 200) {
                        break;
                    }
                }
                long extraAttached = attached.values().stream().mapToLong(n -> n - 1).sum();
                long countedTwice = incident.at("/signals/count").asLong() - listed - extraAttached;
                if (countedTwice > 0) {
                    found.put(incidentId + ":counted-beyond-its-detections", (int) countedTwice);
                }
            }
        }
        return found;
    }

    /** detection id -> how many {@code detection.raised} records for {@code systems} the topic holds */
    static Map<String, Integer> detectionsRaised(Set<String> systems) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, Integer> raised = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("aiim.detections.v1").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null
                            || !new String(type.value(), StandardCharsets.UTF_8).contains("detection.raised")) {
                        continue;
                    }
                    JsonNode detection = PlatformClient.read(record.value());
                    if (systems.contains(detection.path("systemId").asText())) {
                        raised.merge(detection.get("detectionId").asText(), 1, Integer::sum);
                    }
                }
            }
        }
        return raised;
    }

    String summary() {
        return String.format("%,d accepted, %d lost, %d duplicated, %d present without having been accepted%s",
                accepted, lost, duplicated, phantoms, note());
    }

    /** What the table's load cell adds: redeliveries, when there were any. */
    String note() {
        return redelivered == 0 ? "" : String.format("; %d %s on the topic twice under one id (a retry after a"
                + " rollback; taken once)", redelivered, redelivered == 1 ? "detection" : "detections");
    }
}
