package dev.aiim.incident;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.contracts.people.PersonRegistered;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.messaging.PeopleConsumer;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.platform.messaging.IdempotentConsumer;
import dev.aiim.platform.testing.DatabaseOwner;
import dev.aiim.platform.testing.KafkaTestClient;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import org.awaitility.Awaitility;

import java.time.Duration;
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
                DetectionSource.MANUAL, false, null, null, java.util.Map.of()), SEED_ACTOR,
                UUID.randomUUID().toString(), null));
    }

    /**
     * Puts a person into the people directory the way notification-service does (a {@code person.registered}
     * message on {@code aiim.people.v1}) and waits until incident-service has taken it in.
     */
    public static void inDirectory(String personId, String name, boolean seniorLeader) {
        String messageId = "directory-" + UUID.randomUUID();
        try {
            KafkaTestClient.produce(Topics.PEOPLE, personId, messageId, MessageTypes.PERSON_REGISTERED.ceType(),
                    EventJson.write(new PersonRegistered(new DirectoryPerson(personId, name, seniorLeader), "tests",
                            Instant.now())));
        } catch (Exception e) {
            throw new IllegalStateException("the test broker refused a directory entry", e);
        }
        IdempotentConsumer consumers = Arc.container().instance(IdempotentConsumer.class).get();
        Awaitility.await("directory entry " + personId).atMost(Duration.ofSeconds(30))
                .until(() -> await(() -> consumers.applied(PeopleConsumer.CONSUMER, messageId)));
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

    /** One value from a native query, in a transaction of its own. */
    public static <T> T sql(String statement, Class<T> type) {
        return await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(statement, type).getSingleResult())));
    }

    public static void execute(String statement) {
        await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(statement).executeUpdate())));
    }

    /**
     * Takes checkpoints until one covers the incident up to {@code version}: a checkpoint covers only the events of
     * transactions older than every one still running (the relay's poll may hold one open a moment), so the events
     * just stored may go in the next.
     */
    public static dev.aiim.incident.eventstore.CheckpointStatus checkpointed(
            dev.aiim.incident.service.IntegrityCheckpoints checkpoints,
            dev.aiim.incident.service.IncidentQueryService queries, String incidentId, long version) {
        java.util.concurrent.atomic.AtomicReference<dev.aiim.incident.eventstore.CheckpointStatus> covering =
                new java.util.concurrent.atomic.AtomicReference<>();
        Awaitility.await("a checkpoint covering " + incidentId + " up to version " + version)
                .atMost(Duration.ofSeconds(30)).until(() -> {
                    try {
                        checkpoints.checkpointNow();
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                    covering.set(await(() -> queries.integrity(incidentId)).checkpoint());
                    return covering.get() != null && covering.get().coveredVersion() >= version;
                });
        return covering.get();
    }

    /**
     * Runs a statement as the database's owner with the event table's append-only guard switched off, as someone
     * with the owner's password could (the service's own role may do neither).
     */
    public static void asOwner(String statement) {
        DatabaseOwner.execute("alter table incident_event disable trigger incident_event_append_only; " + statement
                + "; alter table incident_event enable trigger incident_event_append_only");
    }

    /** The statement that rewrites the description of an incident's stored event (a finding's). */
    public static String rewriteDescription(String incidentId, long version, String description) {
        return "update incident_event set payload = jsonb_set(payload, '{description}', to_jsonb('" + description
                + "'::text)) where stream_id = '" + incidentId + "' and version = " + version;
    }

    public static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }
}
