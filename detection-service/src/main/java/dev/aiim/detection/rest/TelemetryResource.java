package dev.aiim.detection.rest;

import dev.aiim.detection.rest.MonitorViews.EvaluationView;
import dev.aiim.detection.rest.MonitorViews.EvidenceHoldView;
import dev.aiim.detection.rest.MonitorViews.MonitorCheckView;
import dev.aiim.detection.rest.MonitorViews.ReferenceView;
import dev.aiim.detection.rest.MonitorViews.SystemStatusView;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.detection.domain.monitor.TelemetryValidation.RawLabel;
import dev.aiim.detection.domain.monitor.TelemetryValidation.RawPrediction;
import dev.aiim.detection.service.MonitorBacktests;
import dev.aiim.detection.service.MonitorConfiguration;
import dev.aiim.detection.service.MonitorEvaluation;
import dev.aiim.detection.service.References;
import dev.aiim.detection.service.Telemetry;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A model's telemetry in (predictions, labels, the reference window) and its monitors (settings, status,
 * checks). Telemetry is written by the system's TELEMETRY integration or an admin; settings by admins;
 * any signed-in role reads.
 */
@Path("/api/v1/systems/{systemId}")
@Tag(name = "Model monitors")
@Produces(MediaType.APPLICATION_JSON)
public class TelemetryResource {

    /** {@code POST /predictions} and {@code /labels}. */
    public record PredictionBatch(List<RawPrediction> records) {
    }

    public record LabelBatch(List<RawLabel> labels) {
    }

    /** Either {@code from} and {@code to} (stored predictions) or {@code records} (an uploaded reference). */
    public record ReferenceRequest(Instant from, Instant to, List<RawPrediction> records) {
    }

    private final Telemetry telemetry;
    private final MonitorBacktests backtests;
    private final References references;
    private final MonitorConfiguration configuration;
    private final MonitorEvaluation evaluation;
    private final TelemetryAccess access;
    private final IntakeBodies bodies;
    private final SecurityIdentity identity;
    private final Clock clock;

    public TelemetryResource(Telemetry telemetry, MonitorBacktests backtests, References references,
                             MonitorConfiguration configuration, MonitorEvaluation evaluation, TelemetryAccess access,
                             IntakeBodies bodies, SecurityIdentity identity, Clock clock) {
        this.telemetry = telemetry;
        this.backtests = backtests;
        this.references = references;
        this.configuration = configuration;
        this.evaluation = evaluation;
        this.access = access;
        this.bodies = bodies;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Path("/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Send a batch of up to 10,000 prediction records (202; 400 naming each bad record, or with"
            + " partial=true the valid ones stored and the bad ones listed)")
    public Uni<Response> predictions(@PathParam("systemId") String systemId,
                                     @QueryParam("partial") @DefaultValue("false") boolean partial,
                                     byte[] body, @BeanParam IntakeHeaders credentials) {
        return access.writer(systemId, credentials, body)
                .chain(writer -> telemetry.predictions(systemId, bodies.read(body, PredictionBatch.class).records(),
                        partial))
                .map(accepted -> Response.accepted(accepted).build());
    }

    @POST
    @Path("/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Send ground truth for earlier predictions, by prediction id")
    public Uni<Response> labels(@PathParam("systemId") String systemId,
                                @QueryParam("partial") @DefaultValue("false") boolean partial,
                                byte[] body, @BeanParam IntakeHeaders credentials) {
        return access.writer(systemId, credentials, body)
                .chain(writer -> telemetry.labels(systemId, bodies.read(body, LabelBatch.class).labels(), partial))
                .map(accepted -> Response.accepted(accepted).build());
    }

    @PUT
    @Path("/reference")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Set the reference window drift and performance compare against: {from, to} of stored"
            + " predictions, or {records} uploaded")
    public Uni<ReferenceView> setReference(@PathParam("systemId") String systemId, byte[] body,
                                           @BeanParam IntakeHeaders credentials) {
        return access.writer(systemId, credentials, body).chain(writer -> {
            ReferenceRequest request = bodies.read(body, ReferenceRequest.class);
            return references.set(systemId, request.from(), request.to(), request.records(), writer);
        }).map(ReferenceView::of);
    }

    @GET
    @Path("/reference")
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "The reference window in force")
    public Uni<ReferenceView> reference(@PathParam("systemId") String systemId) {
        return references.get(systemId).map(ReferenceView::of);
    }

    @GET
    @Path("/monitors")
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "The monitor settings in force (defaults where none were set)")
    public Uni<JsonNode> settings(@PathParam("systemId") String systemId) {
        return configuration.view(systemId);
    }

    @PUT
    @Path("/monitors")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change the monitor settings: the fields sent are laid over the defaults")
    public Uni<JsonNode> replaceSettings(@PathParam("systemId") String systemId, JsonNode body) {
        return configuration.replace(systemId, body, identity.getPrincipal().getName());
    }

    @POST
    @Path("/monitors/backtest")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replay the monitors over a range of stored telemetry ({from, to}, optionally settings to try"
            + " laid over those in force, and faultStartedAt) as the scheduler would have, raising nothing: 202 and the"
            + " Location of the job, GET /api/v1/backtests/{backtestId}")
    public Uni<Response> backtest(@PathParam("systemId") String systemId, byte[] body) {
        return backtests.start(systemId, bodies.read(body, MonitorBacktests.Request.class),
                        identity.getPrincipal().getName())
                .map(started -> Response.accepted(BacktestView.of(started, false, null, null))
                        .location(URI.create("/api/v1/backtests/" + started.backtestId())).build());
    }

    @GET
    @Path("/monitors/status")
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "Every monitor's last value, state and evidence")
    public Uni<SystemStatusView> status(@PathParam("systemId") String systemId) {
        return evaluation.status(systemId).map(SystemStatusView::of);
    }

    @GET
    @Path("/evidence")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "The windows of telemetry incidents hold as evidence (EU AI Act Art. 73(6)): the records that"
            + " raised each linked monitor detection, and the reference version it was judged against; retention"
            + " keeps them while the incident is open and for evidence-kept-after-close once it is closed")
    public Uni<List<EvidenceHoldView>> evidence(@PathParam("systemId") String systemId) {
        return telemetry.evidence(systemId).map(holds -> holds.stream().map(EvidenceHoldView::of).toList());
    }

    @GET
    @Path("/monitors/checks")
    @RolesAllowed({Roles.REPORTER, Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "Recorded checks, newest first: every proactive check, manual evaluation and state change")
    public Uni<List<MonitorCheckView>> checks(@PathParam("systemId") String systemId, @QueryParam("kind") String kind,
                                              @QueryParam("limit") @DefaultValue("20") int limit) {
        if (kind != null && !List.of("SCHEDULED", "PROACTIVE", "MANUAL").contains(kind)) {
            throw new InvalidRequestException("kind", "must be SCHEDULED, PROACTIVE or MANUAL");
        }
        if (limit < 1 || limit > 200) {
            throw new InvalidRequestException("limit", "must be between 1 and 200");
        }
        return telemetry.checks(systemId, kind, limit)
                .map(checks -> checks.stream().map(MonitorCheckView::of).toList());
    }

    @POST
    @Path("/monitors/evaluate")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Evaluate every monitor now (also proactive=true for a proactive check);"
            + " the check is recorded")
    public Uni<EvaluationView> evaluate(@PathParam("systemId") String systemId,
                                        @QueryParam("proactive") @DefaultValue("false") boolean proactive) {
        return evaluation.evaluate(systemId, proactive ? MonitorEvaluation.Kind.PROACTIVE
                : MonitorEvaluation.Kind.MANUAL, clock.instant()).map(EvaluationView::of);
    }
}
