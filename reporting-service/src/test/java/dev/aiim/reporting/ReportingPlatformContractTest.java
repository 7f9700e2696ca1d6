package dev.aiim.reporting;

import dev.aiim.platform.testing.PlatformContractTests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The platform contract (problem+json, OIDC, health, Flyway, idempotency), run against the reporting service. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ReportingPlatformContractTest extends PlatformContractTests {
}
