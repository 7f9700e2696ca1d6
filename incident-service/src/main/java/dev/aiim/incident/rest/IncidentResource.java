package dev.aiim.incident.rest;

import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.eventstore.IntegrityReport;
import dev.aiim.incident.projection.IncidentQuery;
import dev.aiim.incident.projection.TimelineItem;
import dev.aiim.incident.rest.IncidentRequests.ActionItemRequest;
import dev.aiim.incident.rest.IncidentRequests.ContainmentActionRequest;
import dev.aiim.incident.rest.IncidentRequests.RegulatoryAssessmentRequest;
import dev.aiim.incident.rest.IncidentRequests.ReportSubmissionRequest;
import dev.aiim.incident.rest.IncidentRequests.ReviewRequest;
import dev.aiim.incident.rest.IncidentRequests.StatusUpdateRequest;
import dev.aiim.incident.rest.IncidentRequests.DeclareIncidentRequest;
import dev.aiim.incident.rest.IncidentRequests.FindingRequest;
import dev.aiim.incident.rest.IncidentRequests.PersonRequest;
import dev.aiim.incident.rest.IncidentRequests.ReopenRequest;
import dev.aiim.incident.rest.IncidentRequests.ResolutionStepRequest;
import dev.aiim.incident.rest.IncidentRequests.RootCauseRequest;
import dev.aiim.incident.rest.IncidentRequests.SeverityRequest;
import dev.aiim.incident.rest.IncidentRequests.SummaryRequest;
import dev.aiim.incident.rest.IncidentRequests.TimelineEntryRequest;
import dev.aiim.incident.rest.IncidentRequests.TriageRequest;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The incident API (docs/api.md): declaration, the task-based commands of the response, and reads. Thin:
 * each method parses, calls one service method and maps the result; the rules live in the domain.
 */
@Path("/api/v1/incidents")
@Tag(name = "Incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    private static final int MAX_PAGE_SIZE = 200;

    private final IncidentCommandService commands;
    private final IncidentQueryService queries;
    /** The roles that read an incident's working record. */
    private static final List<String> INCIDENT_READERS = List.of(Roles.RESPONDER, Roles.COMMANDER,
            Roles.LEADERSHIP, Roles.ADMIN);

    private final SecurityIdentity identity;
    private final IncidentConfig config;
    private final Clock clock;

    public IncidentResource(IncidentCommandService commands, IncidentQueryService queries, SecurityIdentity identity,
                            IncidentConfig config, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.identity = identity;
        this.config = config;
        this.clock = clock;
    }

    // --- Declaration and reads

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Declare an incident by hand (opens it in DETECTED)")
    public Uni<Response> declare(@Valid @NotNull DeclareIncidentRequest request, @BeanParam CommandHeaders headers,
            UriInfo uri) {
        return commands.declare(request.toCommand(), Actors.of(identity), headers.correlation(), null)
                .map(state -> Response.created(uri.getAbsolutePathBuilder().path(state.id()).build())
                        .header(HttpHeaders.ETAG, ETags.of(state.version()))
                        .entity(view(state)).build());
    }

    @GET
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN})
    @Operation(summary = "List incidents, newest detection first")
    public Uni<IncidentList> list(@QueryParam("status") String status, @QueryParam("severity") String severity,
                                  @QueryParam("category") String category, @QueryParam("systemId") String systemId,
                                  @QueryParam("open") String open, @QueryParam("simulation") String simulation,
                                  @QueryParam("page") String page, @QueryParam("size") String size) {
        int pageNumber = intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        IncidentQuery query = new IncidentQuery(enumParam("status", status, IncidentStatus.class),
                enumParam("severity", severity, Severity.class), enumParam("category", category, IncidentCategory.class),
                systemId, boolParam("open", open), boolParam("simulation", simulation), pageNumber, pageSize);
        return queries.list(query).map(found -> new IncidentList(
                found.items().stream().map(this::view).toList(), found.total(), found.page(), found.size()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN})
    @Operation(summary = "The incident now, or as it was at a past version (?version=)")
    public Uni<Response> get(@PathParam("id") String id, @QueryParam("version") String version) {
        Uni<Incident> state = version == null ? queries.current(id)
                : queries.atVersion(id, intParam("version", version, 0, 1, Integer.MAX_VALUE));
        return state.map(this::ok);
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN})
    @Operation(summary = "The incident's timeline: every recorded step and the scribe's entries, in time order")
    public Uni<List<TimelineItem>> timeline(@PathParam("id") String id) {
        return queries.timeline(id);
    }

    @GET
    @Path("/{id}/signals")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN})
    @Operation(summary = "Every detection that opened or joined the incident, newest first, attached or counted")
    public Uni<SignalList> signals(@PathParam("id") String id, @QueryParam("page") String page,
                                   @QueryParam("size") String size) {
        int pageNumber = intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        return queries.signals(id, pageNumber, pageSize)
                .map(found -> SignalList.of(found, pageNumber, pageSize));
    }

    @GET
    @Path("/{id}/events")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN, Roles.REGULATOR})
    @Operation(summary = "The stored events with versions and hashes (a regulator gets the chain without the"
            + " events' content)")
    public Uni<List<EventView>> events(@PathParam("id") String id) {
        boolean chainOnly = INCIDENT_READERS.stream().noneMatch(identity::hasRole);
        return queries.events(id).map(events -> events.stream()
                .map(chainOnly ? EventView::chainOnly : EventView::of).toList());
    }

    @GET
    @Path("/{id}/integrity")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN, Roles.REGULATOR})
    @Operation(summary = "Recompute the hash chain from storage")
    public Uni<IntegrityReport> integrity(@PathParam("id") String id) {
        return queries.integrity(id);
    }

    // --- Commands (each returns the updated view with its ETag)

    @POST
    @Path("/{id}/triage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Triage: confirm with a severity, or dismiss as a false alarm")
    public Uni<Response> triage(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull TriageRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/severity")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Reclassify the severity, with the reason")
    public Uni<Response> severity(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull SeverityRequest request) {
        return run(id, headers, request.toCommand());
    }

    @PUT
    @Path("/{id}/roles/{role}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Assign or hand over a response role")
    public Uni<Response> assignRole(@PathParam("id") String id, @PathParam("role") String role,
            @BeanParam CommandHeaders headers,
            @Valid @NotNull PersonRequest request) {
        IncidentRole incidentRole = enumParam("role", role, IncidentRole.class);
        return run(id, headers,
                new IncidentCommand.AssignRole(incidentRole, PersonRequest.toPerson(request)));
    }

    @POST
    @Path("/{id}/containment-actions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Record a containment action and whether it stopped the harm")
    public Uni<Response> containmentAction(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull ContainmentActionRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/containment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Declare the harm contained (needs an effective containment action)")
    public Uni<Response> containment(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull SummaryRequest request) {
        return run(id, headers, new IncidentCommand.DeclareContainment(request.summary()));
    }

    @POST
    @Path("/{id}/findings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Record an investigation finding")
    public Uni<Response> finding(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull FindingRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/root-cause")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Identify the root cause and contributing factors")
    public Uni<Response> rootCause(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull RootCauseRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/resolution-steps")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Record a resolution step (fix developed, tested, deployed, impact remediated)")
    public Uni<Response> resolutionStep(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull ResolutionStepRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Resolve the incident (needs the fix deployed)")
    public Uni<Response> resolve(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull SummaryRequest request) {
        return run(id, headers, new IncidentCommand.ResolveIncident(request.summary()));
    }

    @POST
    @Path("/{id}/timeline-entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Add an entry to the scribe's log")
    public Uni<Response> timelineEntry(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull TimelineEntryRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Close the incident (SEV1-SEV3 need a published review)")
    public Uni<Response> close(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull SummaryRequest request) {
        return run(id, headers, new IncidentCommand.CloseIncident(request.summary()));
    }

    @POST
    @Path("/{id}/reopen")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Reopen a resolved or closed incident")
    public Uni<Response> reopen(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull ReopenRequest request) {
        return run(id, headers, new IncidentCommand.ReopenIncident(request.reason()));
    }

    @POST
    @Path("/{id}/status-updates")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Post a status update to an audience (SEV1/SEV2 external updates need a communications lead)")
    public Uni<Response> statusUpdate(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull StatusUpdateRequest request) {
        return run(id, headers, request.toCommand());
    }

    @PUT
    @Path("/{id}/regulatory-assessment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Record the facts that decide which notification laws apply, and get their deadlines")
    public Uni<Response> regulatoryAssessment(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull RegulatoryAssessmentRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/regulatory-submissions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Record that a stage of a regulator report was submitted to the authority: regime, stage,"
            + " when, the SHA-256 of the file sent (the export's Repr-Digest), the authority and its reference; the"
            + " clocks it satisfies stop reminding")
    public Uni<Response> reportSubmission(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull ReportSubmissionRequest request) {
        return run(id, headers, request.toCommand());
    }

    @PUT
    @Path("/{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Write or change the post-incident review draft")
    public Uni<Response> draftReview(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull ReviewRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/review/publish")
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Publish the post-incident review (the incident must be resolved)")
    public Uni<Response> publishReview(@PathParam("id") String id, @BeanParam CommandHeaders headers) {
        return run(id, headers, new IncidentCommand.PublishReview());
    }

    @POST
    @Path("/{id}/action-items")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Add a post-incident action item")
    public Uni<Response> actionItem(@PathParam("id") String id, @BeanParam CommandHeaders headers,
            @Valid @NotNull ActionItemRequest request) {
        return run(id, headers, request.toCommand());
    }

    @POST
    @Path("/{id}/action-items/{itemId}/complete")
    @RolesAllowed({Roles.COMMANDER, Roles.RESPONDER})
    @Operation(summary = "Complete an action item")
    public Uni<Response> completeActionItem(@PathParam("id") String id, @PathParam("itemId") String itemId,
            @BeanParam CommandHeaders headers) {
        return run(id, headers, new IncidentCommand.CompleteActionItem(itemId));
    }

    // --- Mapping

    private Uni<Response> run(String id, CommandHeaders headers, IncidentCommand command) {
        return commands.execute(id, headers.ifMatch, command, Actors.of(identity), headers.correlation()).map(this::ok);
    }

    private Response ok(Incident state) {
        return Response.ok(view(state)).header(HttpHeaders.ETAG, ETags.of(state.version())).build();
    }

    private IncidentView view(Incident state) {
        return IncidentViewMapper.toView(state, config.responseTargets(), clock.instant());
    }

    static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    static Boolean boolParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException(name, "must be true or false");
        };
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new InvalidRequestException(name, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, "must be a whole number");
        }
    }
}
