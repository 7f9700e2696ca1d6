package dev.aiim.detection;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.problem.ConflictException;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/** Integrations made through the real service, and intake requests that carry their credentials. */
public final class IntakeFixtures {

    private IntakeFixtures() {
    }

    /** The systems the intake tests' alerts and signals name: registered, since intake invents no system. */
    public static final List<String> SYSTEMS_NAMED_BY_TESTS = List.of("credit-scoring", "recsys");

    public static Integrations.Issued integration(Integrations integrations, IntegrationType type, String systemId) {
        SYSTEMS_NAMED_BY_TESTS.forEach(IntakeFixtures::registered);
        return await(() -> integrations.create("test " + type, type, systemId, "test-admin"));
    }

    /** Registers {@code systemId} unless it is registered already. */
    public static void registered(String systemId) {
        AiSystemRegistry registry = Arc.container().instance(AiSystemRegistry.class).get();
        await(() -> registry.register(new AiSystem(systemId, systemId, null, "ml", null, RiskTier.STANDARD, null,
                        List.of(), List.of(), List.of(), null, 1), "test-admin")
                .onFailure(ConflictException.class).recoverWithNull());
    }

    /**
     * Deduplication runs behind the alert log, moments after the 202: waits until {@code count} comes to
     * {@code expected}, and answers it.
     */
    public static long eventually(Supplier<Long> count, long expected) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(50)).until(count::get, n -> n == expected);
    }

    /** A responder's access token (who may ask what became of an alert). */
    public static String responderToken() {
        return OidcWiremockTestResource.getAccessToken("rosa", Set.of("responder"));
    }

    public static RequestSpecification bearer(Integrations.Issued issued, String body) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + issued.token()).body(body);
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
