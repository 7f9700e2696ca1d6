package dev.aiim.incident.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiim.contracts.Actor;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.people.DirectoryPerson;
import dev.aiim.incident.config.IncidentConfig;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentRefusal;
import dev.aiim.incident.domain.PlaybookAgenda;
import dev.aiim.incident.domain.ResponseTargets;
import dev.aiim.incident.messaging.IncidentChangeFeed;
import dev.aiim.incident.projection.IncidentQuery;
import dev.aiim.incident.projection.TimelineItem;
import dev.aiim.incident.rest.ConsolePage.Refusal;
import dev.aiim.incident.service.IncidentCommandService;
import dev.aiim.incident.service.IncidentQueryService;
import dev.aiim.incident.service.IncidentRecordCache;
import dev.aiim.platform.problem.ETags;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ProblemException;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The responder console: the incident list and a page per incident, rendered on the server (Qute) and kept current
 * by server-sent events (htmx swaps the changed parts). Signed in through Keycloak (the {@code console} OIDC tenant,
 * code flow); the JSON API keeps bearer tokens. Every form posts here, is read into the JSON API's own request
 * record and runs through the same command service, so the console can do nothing the API would refuse.
 */
@Path("/console")
@Tag(name = "Console")
@RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN, Roles.REGULATOR})
public class ConsoleResource {

    private static final int LIST_SIZE = 200;
    /** Who may act through the console's forms (as the JSON API's commands allow); everyone else reads. */
    private static final Set<String> ACTORS = Set.of(Roles.RESPONDER, Roles.COMMANDER);
    private static final Set<String> READERS = Set.of(Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN);

    private final IncidentCommandService commands;
    private final IncidentQueryService queries;
    private final IncidentChangeFeed feed;
    private final SecurityIdentity identity;
    private final ConsoleCsrf csrf;
    private final IncidentConfig config;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final Template list;
    private final Template page;

    public ConsoleResource(IncidentCommandService commands, IncidentQueryService queries, IncidentChangeFeed feed,
                           SecurityIdentity identity, ConsoleCsrf csrf, IncidentConfig config, Clock clock,
                           ObjectMapper mapper, Validator validator, @Location("console/list.html") Template list,
                           @Location("console/incident.html") Template page) {
        this.commands = commands;
        this.queries = queries;
        this.feed = feed;
        this.identity = identity;
        this.csrf = csrf;
        this.config = config;
        this.clock = clock;
        this.mapper = mapper;
        this.validator = validator;
        this.list = list;
        this.page = page;
    }

    // --- The list

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The incident list (browser, signed in): open first, most urgent first; the JSON list's"
            + " filters")
    public Uni<TemplateInstance> list(@QueryParam("status") String status, @QueryParam("severity") String severity,
                                      @QueryParam("category") String category, @QueryParam("systemId") String systemId,
                                      @QueryParam("open") String open, @QueryParam("simulation") String simulation) {
        return rows(status, severity, category, systemId, open, simulation).map(rows -> list.instance()
                .data("rows", rows).data("filters", filters(status, severity, category, systemId, open, simulation))
                .data("user", userLine(Actors.of(identity))).data("reader", reads()));
    }

    @GET
    @Path("/rows")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The incident list's rows alone (the live update swaps them in)")
    public Uni<TemplateInstance> listRows(@QueryParam("status") String status, @QueryParam("severity") String severity,
                                          @QueryParam("category") String category,
                                          @QueryParam("systemId") String systemId, @QueryParam("open") String open,
                                          @QueryParam("simulation") String simulation) {
        return rows(status, severity, category, systemId, open, simulation)
                .map(rows -> list.getFragment("rows").instance().data("rows", rows).data("reader", reads()));
    }

    @GET
    @Path("/changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.ADMIN}) // the list's readers only
    @Operation(summary = "Server-sent events: \"changed\" with an incident id whenever any incident changes")
    public Multi<OutboundSseEvent> listChanges(@Context Sse sse) {
        return feed.changes().map(change -> sse.newEventBuilder().name("changed").data(change.incidentId()).build());
    }

    private Uni<List<ConsoleRow>> rows(String status, String severity, String category, String systemId, String open,
                                       String simulation) {
        if (!reads()) {
            return Uni.createFrom().item(List.of()); // a regulator opens an incident by its id, and sees no list
        }
        Boolean openOnly = status == null || status.isBlank() ? IncidentResource.boolParam("open",
                open == null ? "true" : open) : IncidentResource.boolParam("open", open);
        IncidentQuery query = new IncidentQuery(IncidentResource.enumParam("status", status, IncidentStatus.class),
                IncidentResource.enumParam("severity", severity, Severity.class),
                IncidentResource.enumParam("category", category, IncidentCategory.class),
                systemId == null || systemId.isBlank() ? null : systemId.strip(), openOnly,
                simulation == null || simulation.isBlank() ? Boolean.FALSE
                        : IncidentResource.boolParam("simulation", simulation), 0, LIST_SIZE);
        Instant now = clock.instant();
        return queries.list(query).map(found -> found.items().stream()
                .map(incident -> ConsoleRow.of(incident, config.responseTargets(), now))
                .sorted(Comparator.comparing(ConsoleRow::urgency)).toList());
    }

    private static Map<String, String> filters(String... values) {
        String[] names = {"status", "severity", "category", "systemId", "open", "simulation"};
        Map<String, String> filters = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            filters.put(names[i], values[i] == null ? "" : values[i]);
        }
        return filters;
    }

    @GET
    @Path("/open")
    @Operation(summary = "Open an incident's page by its id (the list's search box)")
    public Response open(@QueryParam("id") String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("id", "must name an incident");
        }
        return Response.seeOther(URI.create("/console/incidents/" + URLEncoder.encode(id.strip(),
                StandardCharsets.UTF_8))).build();
    }

    // --- The incident page

    @GET
    @Path("/incidents/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "An incident's page (browser, signed in): what the playbook asks next, clocks, evidence,"
            + " timeline, and the forms the user may submit")
    public Uni<TemplateInstance> incident(@PathParam("id") String id) {
        return view(id, Map.of()).map(view -> page.data("page", view));
    }

    @GET
    @Path("/incidents/{id}/live")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The parts of an incident's page that follow its changes (the live update swaps them in)")
    public Uni<TemplateInstance> live(@PathParam("id") String id, @QueryParam("since") String since) {
        long shown = IncidentResource.intParam("since", since, 0, 0, Integer.MAX_VALUE);
        return view(id, Map.of()).map(view -> page.getFragment("live").instance().data("page", view)
                .data("changes", changedSince(view.timeline(), shown)));
    }

    @GET
    @Path("/incidents/{id}/actions")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "An incident's action forms, drawn for its current version")
    public Uni<TemplateInstance> actions(@PathParam("id") String id) {
        return view(id, Map.of()).map(view -> page.getFragment("actions").instance().data("page", view));
    }

    @GET
    @Path("/incidents/{id}/changes")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events: \"changed\" with the new version whenever this incident changes")
    public Multi<OutboundSseEvent> incidentChanges(@PathParam("id") String id, @Context Sse sse) {
        return feed.changes().filter(change -> change.incidentId().equals(id))
                .map(change -> sse.newEventBuilder().name("changed").data(String.valueOf(change.version())).build());
    }

    // --- The forms

    @POST
    @Path("/incidents/{id}/{form: .+}")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Submit a console form: the JSON command's fields, a hidden csrf-token and version; 303 to"
            + " the page when done, else the page again with the refusal and the typed text (400, 403, 404, 409, 412)")
    public Uni<Response> submit(@PathParam("id") String id, @PathParam("form") String path,
                                MultivaluedMap<String, String> fields) {
        Map<String, List<String>> posted = new LinkedHashMap<>(fields);
        Optional<ConsoleForms.Posted> found = ConsoleForms.find(path);
        String formName = found.map(p -> p.form().path()).orElse(path);
        if (!csrf.accepts(identity, fields.getFirst(ConsoleForms.CSRF_FIELD))) {
            return refuse(id, formName, posted, Problem.of(ProblemKind.FORBIDDEN, "The form's security token is"
                    + " missing or out of date (a new sign-in changes it), so nothing was changed. Submit the form"
                    + " again from this page.", null), -1);
        }
        if (identity.getRoles().stream().noneMatch(ACTORS::contains)) {
            return refuse(id, formName, posted, Problem.of(ProblemKind.FORBIDDEN, "Your role reads incidents; only"
                    + " responders and commanders act on them.", null), -1);
        }
        if (found.isEmpty()) {
            return refuse(id, formName, posted, Problem.of(ProblemKind.NOT_FOUND, "There is no form " + path, null),
                    -1);
        }
        ConsoleForms.Posted form = found.get();
        String version = fields.getFirst(ConsoleForms.VERSION_FIELD);
        long expected;
        try {
            expected = Long.parseLong(version == null ? "" : version.strip());
        } catch (NumberFormatException e) {
            return refuse(id, formName, posted, Problem.invalid("version must say which version the form was drawn"
                    + " from", null, List.of(new Problem.FieldError("version", "is missing"))), -1);
        }
        ConsoleForms.Read read = ConsoleForms.read(form.form(), posted, mapper, validator);
        if (!read.errors().isEmpty()) {
            return refuse(id, formName, posted, Problem.invalid("Some fields need another look", null, read.errors()),
                    -1);
        }
        // the role form names its role in a field when the browser cannot put it in the path
        String parameter = form.pathParameter() != null ? form.pathParameter() : fields.getFirst("role");
        return Uni.createFrom().item(() -> form.form().toCommand(read.request(), parameter))
                .chain(command -> commands.execute(id, ETags.of(expected), command, Actors.of(identity),
                        UUID.randomUUID().toString()))
                .map(state -> Response.seeOther(URI.create("/console/incidents/" + id + "#timeline")).build())
                .onFailure(f -> f instanceof ProblemException || f instanceof IncidentRefusal)
                .recoverWithUni(failure -> refuse(id, formName, posted, problem(failure), expected));
    }

    private Uni<Response> refuse(String id, String form, Map<String, List<String>> posted, Problem problem,
                                 long expectedVersion) {
        return view(id, ConsoleForms.typed(posted))
                .map(view -> view.withRefusal(new Refusal(form, problem.status(), problem.title(), problem.detail(),
                        problem.errors() == null ? List.of() : problem.errors(),
                        problem.status() == 412 ? changedSince(view.timeline(), expectedVersion) : List.of())))
                .chain(view -> page.data("page", view).createUni())
                .map(html -> Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(html).build());
    }

    private static Problem problem(Throwable failure) {
        if (failure instanceof IncidentRefusal refusal) {
            return IncidentRefusalMapper.problem(refusal, null);
        }
        ProblemException problem = (ProblemException) failure;
        if (problem.kind() == ProblemKind.PRECONDITION_FAILED) {
            return Problem.of(ProblemKind.PRECONDITION_FAILED, "Someone else changed the incident after this form"
                    + " was drawn; nothing was overwritten. The changes are listed here, and the form keeps what you"
                    + " typed: check it against them and submit again.", null);
        }
        return Problem.of(problem.kind(), problem.getMessage(), null);
    }

    /** The timeline items recorded after {@code version}: what someone else did while a form was open. */
    private static List<TimelineItem> changedSince(List<TimelineItem> timeline, long version) {
        return timeline.stream().filter(item -> item.version() > version)
                .sorted(Comparator.comparing(TimelineItem::version)).toList();
    }

    private Uni<ConsolePage> view(String id, Map<String, String> typed) {
        Actor user = Actors.of(identity);
        boolean reader = reads();
        Instant now = clock.instant();
        // the record (state, timeline, chain) comes from what the service holds, checked against the stored version
        return Uni.combine().all().unis(queries.record(id), reader && acts() ? queries.people()
                        : Uni.createFrom().item(List.<DirectoryPerson>of())).asTuple()
                .chain(read -> queries.system(read.getItem1().state().systemId()).map(system -> {
                    IncidentRecordCache.IncidentRecord record = read.getItem1();
                    Incident state = record.state();
                    List<DirectoryPerson> people = read.getItem2();
                    AiSystem known = system.orElse(null);
                    Set<String> allowed = acts() ? ConsoleForms.allowed(state, user) : Set.of();
                    List<ConsolePage.NextStep> next = reader ? PlaybookAgenda.next(state, config.responseTargets(),
                            known, now).stream().map(item -> ConsolePage.step(item, now, allowed)).toList() : List.of();
                    IncidentView view = IncidentViewMapper.toView(state, config.responseTargets(), now);
                    // a regulator sees the chain, never the timeline's content
                    return new ConsolePage(view, known, next, clocks(view, now), reader ? state.signals().stream()
                            .map(SignalEvidence::of).toList() : List.of(), reader ? record.timeline() : List.of(),
                            ConsolePage.integrity(record), people, allowed, null, typed, csrf.token(identity), user,
                            acts(), !reader, exports(), config.console().reportingUrl(), ConsolePage.INPUT.format(now));
                }));
    }

    private static List<ConsolePage.Clock> clocks(IncidentView view, Instant now) {
        List<ConsolePage.Clock> clocks = new ArrayList<>();
        if (view.status() == IncidentStatus.DETECTED) {
            clocks.add(ConsolePage.clock("Triage", view.due().triage(), now));
        }
        if (view.due().containment() != null && view.containedAt() == null
                && (view.status() == IncidentStatus.DETECTED || view.status() == IncidentStatus.TRIAGED)) {
            clocks.add(ConsolePage.clock("Containment", view.due().containment(), now));
        }
        if (view.nextUpdateDue() != null) {
            clocks.add(ConsolePage.clock("Next status update", view.nextUpdateDue(), now));
        }
        if (view.regulatory() != null && view.closedAt() == null) {
            // a clock a submitted report satisfied stops ticking
            view.regulatory().regimes().stream().filter(regime -> regime.metAt() == null).forEach(regime ->
                    clocks.add(ConsolePage.clock(regime.obligation() + " (" + regime.regime() + ")", regime.dueAt(),
                            now)));
        }
        return clocks;
    }

    /** "Rita (commander, responder)". */
    static String userLine(Actor user) {
        return user.name() + " (" + String.join(", ", user.roles()) + ")";
    }

    private boolean reads() {
        return identity.getRoles().stream().anyMatch(READERS::contains);
    }

    /** Regulators and admins read the regulator exports (as the export API allows). */
    private boolean exports() {
        return identity.hasRole(Roles.REGULATOR) || identity.hasRole(Roles.ADMIN);
    }

    private boolean acts() {
        return identity.getRoles().stream().anyMatch(ACTORS::contains);
    }

    /** One line of the list, with its urgency: overdue first, then severity, then age. */
    record ConsoleRow(Incident incident, String next, String left, boolean overdue, String owner,
                      List<String> overduePhases) {

        static ConsoleRow of(Incident incident, ResponseTargets targets, Instant now) {
            List<PlaybookAgenda.Item> agenda = PlaybookAgenda.next(incident, targets, null, now);
            PlaybookAgenda.Item first = agenda.stream().filter(i -> i.due() != null)
                    .min(Comparator.comparing(PlaybookAgenda.Item::due))
                    .orElse(agenda.isEmpty() ? null : agenda.get(0));
            Person commander = incident.holder(IncidentRole.INCIDENT_COMMANDER);
            List<String> phases = new ArrayList<>(targets.overdue(incident, now).stream().map(Enum::name).toList());
            if (incident.regulatory() != null && incident.isOpen()) {
                incident.regulatory().deadlines().stream()
                        .filter(d -> now.isAfter(d.dueAt()) && incident.clockMetAt(d.regime()) == null)
                        .forEach(d -> phases.add("REGULATORY"));
            }
            return new ConsoleRow(incident, first == null ? "" : first.text(),
                    first == null || first.due() == null ? "" : ConsolePage.left(first.due(), now),
                    !phases.isEmpty(), commander == null ? "" : commander.name(), phases.stream().distinct().toList());
        }

        /**
         * Sorts the response in progress first (then resolved ones awaiting their review, then closed), overdue
         * first, then SEV1 to SEV4 (unrated by its suggestion, else last), then the oldest first.
         */
        String urgency() {
            int open = switch (incident.status()) {
                case DETECTED, TRIAGED, CONTAINED -> 0;
                case RESOLVED -> 1;
                case CLOSED, DISMISSED -> 2;
            };
            int late = overdue ? 0 : 1;
            int severity = incident.severity() == null ? (incident.suggestedSeverity() == null ? 5
                    : incident.suggestedSeverity().ordinal() + 1) : incident.severity().ordinal() + 1;
            return open + "" + late + severity + incident.detectedAt();
        }
    }
}
