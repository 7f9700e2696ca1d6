package dev.aiim.platform.testing;

import dev.aiim.platform.messaging.IdempotentConsumer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The platform contract every service keeps: problem+json for each client mistake, OIDC roles (with
 * {@code @TestSecurity} and with real signed tokens), health that covers the database and Kafka,
 * OpenAPI and metrics, Flyway against the real PostgreSQL, a database role that owns nothing, and
 * idempotent consumption. Each service runs it by extending this class in a {@code @QuarkusTest}; the
 * service's tests add the parts that are its own (what it publishes to Kafka, what it consumes).
 */
public abstract class PlatformContractTests {

    protected static final String CLOCK = "/api/v1/admin/clock";

    @Inject
    IdempotentConsumer idempotentConsumer;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("cleanup", Set.of("admin")))
                .delete(CLOCK).then().statusCode(200);
    }

    // --- problem+json for every client mistake ---

    @Test
    void unknownRouteIsProblem404() {
        problem(given().get("/api/v1/nothing-here-" + UUID.randomUUID()), 404, "not-found")
                .body("detail", containsString("/api/v1/nothing-here-"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void wrongMethodIsProblem405() {
        problem(given().contentType(ContentType.JSON).body("{}").post(CLOCK), 405, "method-not-allowed");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void wrongMediaTypeIsProblem415() {
        problem(given().contentType(ContentType.TEXT).body("offset=1").put(CLOCK), 415, "unsupported-media-type");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void malformedJsonIsProblem400() {
        problem(given().contentType(ContentType.JSON).body("{\"offsetSeconds\": ").put(CLOCK), 400, "malformed-request")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void wrongFieldTypeNamesTheField() {
        problem(given().contentType(ContentType.JSON).body("{\"offsetSeconds\": \"soon\", \"reason\": \"x\"}").put(CLOCK),
                400, "validation")
                .body("errors.field", hasItem("offsetSeconds"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void validationFailureListsEveryInvalidField() {
        problem(given().contentType(ContentType.JSON).body("{\"offsetSeconds\": -5}").put(CLOCK), 400, "validation")
                .body("errors.field", hasItems("offsetSeconds", "reason"))
                .body("errors.message", hasItem("must be greater than or equal to 0"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void oversizedBodyIsProblem413() {
        // Just over the service's own limit (1 MB by default; more where a service takes telemetry batches)
        long limit = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.limits.max-body-size", io.quarkus.runtime.configuration.MemorySize.class)
                .asLongValue();
        String big = "{\"reason\": \"" + "x".repeat((int) limit + 100_000) + "\", \"offsetSeconds\": 1}";
        problem(given().contentType(ContentType.JSON).body(big).put(CLOCK), 413, "payload-too-large");
    }

    @Test
    void missingTokenIsProblem401WithBearerChallenge() {
        problem(given().get(CLOCK), 401, "unauthenticated")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    @TestSecurity(user = "rita", roles = "reporter")
    void wrongRoleIsProblem403() {
        problem(given().get(CLOCK), 403, "forbidden");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void staleIfMatchIsProblem412() {
        problem(given().contentType(ContentType.JSON).header("If-Match", "\"987654\"")
                .body("{\"offsetSeconds\": 60, \"reason\": \"game day\"}").put(CLOCK), 412, "precondition-failed")
                .body("detail", containsString("987654"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void movingTheClockBackwardsIsProblem409() {
        moveClock(7200).statusCode(200);
        problem(given().contentType(ContentType.JSON).body("{\"offsetSeconds\": 60, \"reason\": \"oops\"}").put(CLOCK),
                409, "conflict")
                .body("detail", containsString("only moves forward"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void movedClockIsTheServiceTimeAndIsStored() {
        String etag = given().get(CLOCK).then().statusCode(200).extract().header("ETag");
        Instant now = Instant.parse(given().contentType(ContentType.JSON).header("If-Match", etag)
                .body("{\"offsetSeconds\": 3600, \"reason\": \"containment deadline test\"}").put(CLOCK)
                .then().statusCode(200)
                .body("offsetSeconds", equalTo(3600))
                .body("changedBy", equalTo("ada"))
                .extract().path("now"));
        assertThat(Duration.between(Instant.now(), now)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        // read back from the database, not from memory: the row is what a restart restores
        Object[] row = inTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select offset_seconds, reason from platform_clock where id = 1", Object[].class).getSingleResult()));
        assertThat(((Number) row[0]).longValue()).isEqualTo(3600L);
        assertThat(row[1]).isEqualTo("containment deadline test");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void aNulCharacterInTheUrlIsProblem400() {
        problem(given().urlEncodingEnabled(false).get(CLOCK + "?at=a%00b"), 400, "malformed-request")
                .body("detail", containsString("NUL"));
        problem(given().urlEncodingEnabled(false).get("/api/v1/a%00b"), 400, "malformed-request");
    }

    /** Fault suite, fault 8: JAX-RS answers 404 ("nothing is served here") for a query value it cannot convert. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void aQueryParameterOfTheWrongTypeIsProblem400NamingIt() {
        problem(given().get("/api/v1/admin/dead-letters?limit=ten"), 400, "malformed-request")
                .body("detail", containsString("limit"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void aNulCharacterInABodyFieldIsProblem400NamingTheField() {
        problem(given().contentType(ContentType.JSON).body("{\"offsetSeconds\": 60, \"reason\": \"a\\u0000b\"}")
                .put(CLOCK), 400, "validation")
                .body("errors[0].field", equalTo("reason"))
                .body("errors[0].message", containsString("NUL"));
        given().get(CLOCK).then().statusCode(200).body("offsetSeconds", equalTo(0));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void aDatabaseOutageIsProblem503WithRetryAfterAndChangesNothing() {
        DatabaseProxy.outage();
        try {
            problem(given().contentType(ContentType.JSON)
                    .body("{\"offsetSeconds\": 600, \"reason\": \"moved during an outage\"}").put(CLOCK), 503,
                    "unavailable")
                    .header("Retry-After", "5");
        } finally {
            DatabaseProxy.restore();
        }
        given().get(CLOCK).then().statusCode(200).body("offsetSeconds", equalTo(0));
    }

    // --- real signed tokens (OidcWiremockTestResource signs RS256 tokens, roles in "groups") ---

    @Test
    void realSignedTokenWithAdminRoleIsAccepted() {
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of("admin")))
                .get(CLOCK).then().statusCode(200).body("adjustable", equalTo(true)).header("ETag", notNullValue());
    }

    @Test
    void realSignedTokenWithoutAdminRoleIsProblem403() {
        problem(given().auth().oauth2(OidcWiremockTestResource.getAccessToken("bob", Set.of("responder"))).get(CLOCK),
                403, "forbidden");
    }

    @Test
    void aTokenIssuedForAnotherAudienceIsProblem401() {
        // signed by the platform's identity provider, with the admin role, but for another client
        String other = OidcWiremockTestResource.generateJwtToken("eve", Set.of("admin"), "123456", "Bearer",
                Set.of("another-client"));
        problem(given().auth().oauth2(other).get(CLOCK), 401, "unauthenticated");
    }

    @Test
    void tamperedTokenIsProblem401() {
        String token = OidcWiremockTestResource.getAccessToken("mallory", Set.of("admin"));
        String tampered = token.substring(0, token.length() - 6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        problem(given().auth().oauth2(tampered).get(CLOCK), 401, "unauthenticated");
    }

    // --- operations endpoints ---

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Kafka")))
                .body("checks.name", hasItem(containsString("PostgreSQL")));
    }

    @Test
    void openApiSwaggerUiAndMetricsAreServed() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", notNullValue())
                .body(containsString(CLOCK));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    @Test
    void metricsWithoutAnAdminTokenCarryNoBusinessFigures() {
        Pattern business = Pattern.compile("(?m)^(# (HELP|TYPE) )?aiim_");
        String anonymous = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(anonymous).contains("jvm_", "http_server_requests");
        assertThat(business.matcher(anonymous).find()).as("an aiim_ figure without a token").isFalse();
        String responder = given().auth().oauth2(OidcWiremockTestResource.getAccessToken("bob", Set.of("responder")))
                .get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(business.matcher(responder).find()).as("an aiim_ figure for a responder").isFalse();
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("alice", Set.of("admin")))
                .get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }

    // --- the real PostgreSQL ---

    @Test
    void flywayAppliedThePlatformAndServiceMigrations() {
        // as the owner: Flyway's history is none of the service role's business
        assertThat(DatabaseOwner.value(
                "select count(*) from flyway_schema_history where success and version in ('0.1', '1')", Long.class))
                .isEqualTo(2L);
    }

    // --- least privilege: the service's role reads and writes rows, and owns nothing ---

    @Test
    void theServiceRoleOwnsNothingAndCanNeitherTruncateNorAlterAnyTable() {
        String role = DatabaseRole.current(pool);
        assertThat(role).as("the service's role").isNotEqualTo(ConfigProvider.getConfig()
                .getValue("quarkus.flyway.username", String.class));
        List<String> tables = DatabaseRole.tables(pool);
        assertThat(tables).contains("processed_message", "platform_clock");
        assertThat(DatabaseRole.owned(pool)).as("tables %s owns", role).isEmpty();
        for (String table : tables) {
            DatabaseRole.assertRefused(pool, "truncate " + table);
            DatabaseRole.assertRefused(pool, "alter table " + table + " disable trigger all");
            DatabaseRole.assertRefused(pool, "alter table " + table + " add column intruder text");
            DatabaseRole.assertRefused(pool, "drop table " + table);
        }
        DatabaseRole.assertRefused(pool, "select count(*) from flyway_schema_history");
        DatabaseRole.assertRefused(pool, "create table intruder (id int)");
    }

    @Test
    void appendOnlyTablesRefuseTheServiceRoleAnyUpdateOrDelete() {
        for (String table : DatabaseRole.declared("append_only_tables")) {
            DatabaseRole.assertRefused(pool, "update " + table + " set " + DatabaseRole.firstColumn(pool, table) + " = "
                    + DatabaseRole.firstColumn(pool, table));
            DatabaseRole.assertRefused(pool, "delete from " + table);
        }
        for (String column : DatabaseRole.declared("update_only_columns")) {
            String table = column.substring(0, column.indexOf('.'));
            String allowed = column.substring(column.indexOf('.') + 1);
            DatabaseRole.assertAllowed(pool, "update " + table + " set " + allowed + " = " + allowed + " where false");
            String other = DatabaseRole.firstColumn(pool, table);
            assertThat(other).isNotEqualTo(allowed);
            DatabaseRole.assertRefused(pool, "update " + table + " set " + other + " = " + other);
            DatabaseRole.assertRefused(pool, "delete from " + table);
        }
    }

    @Test
    void idempotentConsumerAppliesAMessageOnce() {
        String id = "test-" + UUID.randomUUID();
        AtomicInteger effects = new AtomicInteger();
        Boolean first = inContext(() -> idempotentConsumer.applyOnceOn("contract-test", id,
                connection -> Uni.createFrom().voidItem().invoke(effects::incrementAndGet)));
        Boolean second = inContext(() -> idempotentConsumer.applyOnceOn("contract-test", id,
                connection -> Uni.createFrom().voidItem().invoke(effects::incrementAndGet)));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(effects).hasValue(1);
        assertThat(inContext(() -> idempotentConsumer.applied("contract-test", id))).isTrue();
    }

    @Test
    void idempotentConsumerRecordsNothingWhenTheEffectFails() {
        String id = "test-" + UUID.randomUUID();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> inContext(() -> idempotentConsumer.applyOnceOn(
                "contract-test", id, connection -> Uni.createFrom().failure(new IllegalStateException("effect failed"))))))
                .hasMessageContaining("effect failed");
        assertThat(inContext(() -> idempotentConsumer.applied("contract-test", id))).isFalse();
    }

    // --- helpers ---

    protected static ValidatableResponse problem(io.restassured.response.Response response, int status, String kind) {
        return ProblemAssertions.problem(response, status, kind);
    }

    protected static ValidatableResponse moveClock(long offsetSeconds) {
        return given().contentType(ContentType.JSON)
                .body("{\"offsetSeconds\": " + offsetSeconds + ", \"reason\": \"test\"}").put(CLOCK).then();
    }

    protected static <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) {
        return inContext(() -> Panache.withTransaction(work));
    }

    protected static <T> T inContext(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
