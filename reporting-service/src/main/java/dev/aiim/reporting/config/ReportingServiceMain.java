package dev.aiim.reporting.config;

import dev.aiim.platform.security.RequiredSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts reporting-service, after checking that it has the secrets it has no built-in value for (prod profile). */
@QuarkusMain
public final class ReportingServiceMain {

    private ReportingServiceMain() {
    }

    public static void main(String... args) {
        RequiredSettings.check("reporting-service", RequiredSettings.SECRET_KEY, RequiredSettings.DATABASE_PASSWORD,
                RequiredSettings.DATABASE_OWNER_PASSWORD, RequiredSettings.clientSecret("dashboard"),
                RequiredSettings.SIGNING_KEYS);
        Quarkus.run(args);
    }
}
