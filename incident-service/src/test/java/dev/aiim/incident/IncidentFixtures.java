package dev.aiim.incident;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.service.IncidentCommandService;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/** Incidents for tests, seeded through the real command service (whatever the test's own identity). */
public final class IncidentFixtures {

    public static final String INCIDENTS = "/api/v1/incidents";
    public static final Actor SEED_ACTOR = new Actor("seeder", "Test seeder", List.of("commander"));

    private IncidentFixtures() {
    }

    public static Incident seed(IncidentCommandService commands, String systemId) {
        return await(() -> commands.declare(new IncidentCommand.DeclareIncident("Approval rate collapsed for one group",
                "seeded", IncidentCategory.BIAS_FAIRNESS, systemId, Severity.SEV2, null, Instant.now().minusSeconds(60),
                DetectionSource.MONITOR, false, null, null, java.util.Map.of()), SEED_ACTOR, UUID.randomUUID().toString(), null));
    }

    public static Incident run(IncidentCommandService commands, String incidentId, IncidentCommand command) {
        return await(() -> commands.execute(incidentId, null, command, SEED_ACTOR, UUID.randomUUID().toString()));
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }
}
