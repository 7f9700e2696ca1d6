package dev.aiim.reporting;

import dev.aiim.platform.testing.DatabaseProxy;
import dev.aiim.platform.testing.PlatformContractTests;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The platform contract (problem+json, OIDC, health, Flyway, idempotency), run against the reporting service. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
// the service reaches PostgreSQL through a proxy that tests can take away (a global test resource: every test)
@QuarkusTestResource(value = DatabaseProxy.class,
        initArgs = @ResourceArg(name = "database", value = "reporting_test"))
class ReportingPlatformContractTest extends PlatformContractTests {
}
