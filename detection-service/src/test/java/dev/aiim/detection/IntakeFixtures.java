package dev.aiim.detection;

import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.Integrations;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/** Integrations made through the real service, and intake requests that carry their credentials. */
public final class IntakeFixtures {

    private IntakeFixtures() {
    }

    public static Integrations.Issued integration(Integrations integrations, IntegrationType type, String systemId) {
        return await(() -> integrations.create("test " + type, type, systemId, "test-admin"));
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
