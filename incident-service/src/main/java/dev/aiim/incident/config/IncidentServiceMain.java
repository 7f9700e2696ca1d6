package dev.aiim.incident.config;

import dev.aiim.platform.security.RequiredSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts incident-service, after checking that it has the secrets it has no built-in value for (prod profile). */
@QuarkusMain
public final class IncidentServiceMain {

    private IncidentServiceMain() {
    }

    public static void main(String... args) {
        RequiredSettings.check("incident-service", RequiredSettings.SECRET_KEY, RequiredSettings.DATABASE_PASSWORD,
                RequiredSettings.DATABASE_OWNER_PASSWORD, RequiredSettings.clientSecret("console"),
                RequiredSettings.SIGNING_KEYS);
        Quarkus.run(args);
    }
}
