package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.system.story.PlatformClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

import static dev.aiim.faults.FaultPlatform.CLIENT;
import static dev.aiim.faults.FaultPlatform.Service.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 5: 50 commands at once on one incident, three times. Fifty timeline entries that all name the same
 * version ({@code If-Match}): one is appended, 49 answered 412 (or 409, a race lost after the check). Fifty
 * without {@code If-Match}: all appended (a race lost is run again on the incident as it now is). Fifty triage
 * decisions: one applies, the rest 409. Every command answered 200 is in the event log once, nothing refused is;
 * the hash chain stays valid.
 */
@Tag("ci")
class ConcurrentCommandsFaultIT {

    private static final int CLIENTS = 50;

    @Test
    void fifty_concurrent_commands_on_one_incident_exactly_the_allowed_ones_apply() throws Exception {
        FaultRun run = FaultRun.of("commands", 1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode incident = CLIENT.expect(201, "commander", "POST", INCIDENT.url("/api/v1/incidents"), Map.of(
                "title", "Concurrent commands " + run.id, "description", "Fault suite: fifty responders at once",
                "systemId", run.systems.get(0), "category", "PERFORMANCE_DEGRADATION", "occurredAt",
                now.minusSeconds(600).toString(), "detectedAt", now.minusSeconds(300).toString(), "source", "MANUAL",
                "simulation", false));
        String path = "/api/v1/incidents/" + incident.get("id").asText();
        String version = incident.get("version").asText();

        Map<String, Integer> sameVersion = race(run, i -> "POST " + path + "/timeline-entries|" + version + "|"
                + "{\"at\": \"" + now + "\", \"text\": \"same-version " + run.id + " " + i + "\"}");
        // a command checked against the version before a concurrent one appended is a lost race (409)
        assertThat(sameVersion.values()).as("one of fifty naming version %s applies, the others are stale", version)
                .isSubsetOf(200, 409, 412).filteredOn(s -> s == 200).hasSize(1);

        Map<String, Integer> anyVersion = race(run, i -> "POST " + path + "/timeline-entries||"
                + "{\"at\": \"" + now + "\", \"text\": \"any-version " + run.id + " " + i + "\"}");
        assertThat(anyVersion.values()).as("no entry named a version, so every one is appended").containsOnly(200);

        Map<String, Integer> triage = race(run, i -> "POST " + path + "/triage||{\"decision\": \"CONFIRMED\", "
                + "\"severity\": \"SEV3\", \"rationale\": \"triage " + run.id + " " + i + "\"}");
        assertThat(triage.values()).as("one triage applies; then the incident is triaged").isSubsetOf(200, 409)
                .filteredOn(s -> s == 200).hasSize(1);

        // every command answered 200 is in the event log once, and no refused one is
        JsonNode events = CLIENT.expect(200, "commander", "GET", INCIDENT.url(path + "/events"), null);
        Map<String, Integer> logged = new HashMap<>();
        long expectedVersion = 1;
        boolean contiguous = true;
        for (JsonNode event : events) {
            contiguous &= event.get("version").asLong() == expectedVersion++;
            String text = event.at("/payload/text").asText(event.at("/payload/rationale").asText(""));
            if (text.contains(run.id)) {
                logged.merge(text, 1, Integer::sum);
            }
        }
        Map<String, Integer> answered = new HashMap<>(sameVersion);
        answered.putAll(anyVersion);
        answered.putAll(triage);
        int accepted = 0;
        int lost = 0;
        int duplicated = 0;
        int applied = 0;
        for (Map.Entry<String, Integer> command : answered.entrySet()) {
            int times = logged.getOrDefault(command.getKey(), 0);
            if (command.getValue() == 200) {
                accepted++;
                lost += times == 0 ? 1 : 0;
                duplicated += times > 1 ? 1 : 0;
            } else {
                applied += times > 0 ? 1 : 0;
            }
        }
        JsonNode integrity = CLIENT.expect(200, "commander", "GET", INCIDENT.url(path + "/integrity"), null);

        ReliabilityTable.record(new ReliabilityTable.Row(5, "50 concurrent commands on one incident, three rounds "
                + "(same If-Match; no If-Match; triage)", run.ledger.tally() + "; chain valid: "
                + integrity.get("valid").asBoolean(), accepted, lost, duplicated, run.ledger.serverErrors(), "-",
                getClass().getSimpleName()));
        assertThat(lost).as("commands answered 200 missing from the log").isZero();
        assertThat(duplicated).as("commands answered 200 in the log twice").isZero();
        assertThat(applied).as("refused commands that were applied anyway").isZero();
        assertThat(contiguous).as("versions 1..n without gaps").isTrue();
        assertThat(integrity.get("valid").asBoolean()).as(integrity.toString()).isTrue();
        assertThat(integrity.get("eventCount").asInt()).isEqualTo(events.size());
        assertThat(run.ledger.serverErrors()).as(run.ledger.tally()).isZero();
    }

    /**
     * Sends {@link #CLIENTS} commands at once, as commander; {@code command} gives "METHOD path|if-match|json"
     * for client i. Answers each command's text (its json) -> status.
     */
    private static Map<String, Integer> race(FaultRun run, IntFunction<String> command) throws InterruptedException {
        CLIENT.token("commander");
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String[] parts = command.apply(i).split("\\|", 3);
            String[] request = parts[0].split(" ", 2);
            Thread client = new Thread(() -> {
                try {
                    go.await();
                    HttpResponse<String> answer = parts[1].isEmpty()
                            ? CLIENT.call("commander", request[0], INCIDENT.url(request[1]), parts[2])
                            : CLIENT.call("commander", request[0], INCIDENT.url(request[1]), parts[2], "If-Match",
                            "\"" + parts[1] + "\"");
                    run.ledger.answered(answer.statusCode());
                    answers.put(text(parts[2]), answer.statusCode());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    run.ledger.unanswered();
                }
            });
            started.add(client);
            client.start();
        }
        go.countDown();
        for (Thread client : started) {
            client.join();
        }
        assertThat(answers).as("every client answered: %s", run.ledger.tally()).hasSize(CLIENTS);
        return answers;
    }

    /** The command's identifying text: its timeline text or triage rationale. */
    private static String text(String json) {
        JsonNode body = PlatformClient.read(json);
        return body.path("text").asText(body.path("rationale").asText());
    }
}
