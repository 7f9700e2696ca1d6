package dev.aiim.platform.problem;

import java.util.Map;

/** 503 with {@code Retry-After}: a dependency (Kafka, the database) cannot take the request now; nothing was accepted. */
public class ServiceUnavailableException extends ProblemException {
    public ServiceUnavailableException(String detail, int retryAfterSeconds) {
        super(ProblemKind.UNAVAILABLE, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
