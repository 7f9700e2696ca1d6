package dev.aiim.detection.rest;

import dev.aiim.detection.repository.RaisedDetectionRepository;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/**
 * What became of an alert: the detections raised under a sender's dedup key (Alertmanager's fingerprint, PagerDuty's
 * {@code dedup_key}, a signal's {@code dedupKey}), newest first. Intake answers 202 once an alert is on the log;
 * its detection appears here once deduplication behind the log has taken it, normally within milliseconds.
 */
@Path("/api/v1/detections")
@Tag(name = "Intake")
@Produces(MediaType.APPLICATION_JSON)
public class DetectionResource {

    private static final int MAX_LIMIT = 500;

    /** One detection as intake sees it; {@code status} is OPEN or RESOLVED (by its source). */
    public record DetectionSummary(String detectionId, String dedupKey, String integrationId, String status,
                                   Instant raisedAt, Instant resolvedAt, int repeats, String systemId,
                                   String category) {

        static DetectionSummary of(RaisedDetectionRepository.Summary s) {
            return new DetectionSummary(s.detectionId(), s.dedupKey(), s.integrationId(), s.open() ? "OPEN"
                    : "RESOLVED", s.raisedAt(), s.resolvedAt(), s.repeats(), s.systemId(), s.category());
        }
    }

    public record DetectionList(List<DetectionSummary> items) {
    }

    private final RaisedDetectionRepository detections;
    private final Pool pool;

    public DetectionResource(RaisedDetectionRepository detections, Pool pool) {
        this.detections = detections;
        this.pool = pool;
    }

    @GET
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.ADMIN})
    @Operation(summary = "The detections raised under a sender's dedup key (optionally of one integration)")
    public Uni<DetectionList> byDedupKey(@QueryParam("dedupKey") String dedupKey,
                                         @QueryParam("integrationId") String integrationId,
                                         @QueryParam("limit") @DefaultValue("50") int limit) {
        if (dedupKey == null || dedupKey.isBlank()) {
            throw new InvalidRequestException("dedupKey", "is required: the key the sender gave the alert");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return detections.bySenderKey(pool, dedupKey, blankToNull(integrationId), limit)
                .map(found -> new DetectionList(found.stream().map(DetectionSummary::of).toList()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
