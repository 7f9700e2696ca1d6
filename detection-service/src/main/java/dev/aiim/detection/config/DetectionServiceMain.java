package dev.aiim.detection.config;

import dev.aiim.platform.security.RequiredSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts detection-service, after checking that it has the secrets it has no built-in value for (prod profile). */
@QuarkusMain
public final class DetectionServiceMain {

    private DetectionServiceMain() {
    }

    public static void main(String... args) {
        RequiredSettings.check("detection-service", RequiredSettings.SECRET_KEY, RequiredSettings.DATABASE_PASSWORD,
                RequiredSettings.DATABASE_OWNER_PASSWORD);
        Quarkus.run(args);
    }
}
