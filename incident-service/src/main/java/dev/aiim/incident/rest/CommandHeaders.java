package dev.aiim.incident.rest;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.UUID;

/** The headers every command reads: {@code If-Match} (the version the client acts on) and a correlation id. */
public class CommandHeaders {

    static final String CORRELATION_HEADER = "X-Correlation-Id";

    @HeaderParam(HttpHeaders.IF_MATCH)
    String ifMatch;

    @HeaderParam(CORRELATION_HEADER)
    String correlationId;

    /** The caller's correlation id when it is usable, else a fresh one. */
    String correlation() {
        return correlationId == null || correlationId.isBlank() || correlationId.length() > 200
                ? UUID.randomUUID().toString() : correlationId;
    }
}
