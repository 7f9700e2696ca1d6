package dev.aiim.incident.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.Actor;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.incident.domain.Incident;
import dev.aiim.incident.domain.IncidentCommand;
import dev.aiim.incident.domain.ResponseAction;
import dev.aiim.incident.rest.IncidentRequests.ActionItemRequest;
import dev.aiim.incident.rest.IncidentRequests.ContainmentActionRequest;
import dev.aiim.incident.rest.IncidentRequests.FindingRequest;
import dev.aiim.incident.rest.IncidentRequests.PersonRequest;
import dev.aiim.incident.rest.IncidentRequests.RegulatoryAssessmentRequest;
import dev.aiim.incident.rest.IncidentRequests.ReopenRequest;
import dev.aiim.incident.rest.IncidentRequests.ResolutionStepRequest;
import dev.aiim.incident.rest.IncidentRequests.ReviewRequest;
import dev.aiim.incident.rest.IncidentRequests.RootCauseRequest;
import dev.aiim.incident.rest.IncidentRequests.SeverityRequest;
import dev.aiim.incident.rest.IncidentRequests.StatusUpdateRequest;
import dev.aiim.incident.rest.IncidentRequests.SummaryRequest;
import dev.aiim.incident.rest.IncidentRequests.TimelineEntryRequest;
import dev.aiim.incident.rest.IncidentRequests.TriageRequest;
import dev.aiim.platform.problem.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console's forms: each posts to {@code /console/incidents/{id}/<the JSON command's path>} with the JSON
 * command's field names (dotted for nested objects, one line or one field per list element), and is read into the
 * very request record the JSON API reads, under the same validation, so both edges give the same commands.
 */
final class ConsoleForms {

    /** The form fields that are lists: repeated fields, or one element per line of a text area. */
    private static final Set<String> LISTS = Set.of("contributingFactors", "fiveWhys", "lessons", "evidenceLinks",
            "aiActSeriousIncident.categories", "aiActSeriousIncident.memberStates");
    /** The form fields that are instants: a browser's datetime-local value is read as UTC (the page says so). */
    private static final Set<String> INSTANTS = Set.of("at", "nextUpdateBy", "awareAt", "submittedAt",
            "aiActSeriousIncident.causalLinkAt");
    private static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");
    /** Forms drawn as a single button in a list (their refusals show at the top of the page). */
    static final Set<String> BUTTONS = Set.of("action-items/complete");
    /** Fields of the page itself, not of the command. */
    static final String VERSION_FIELD = "version";
    static final String CSRF_FIELD = "csrf-token";

    /** One form: its path under the incident, the step it takes, the body it reads and the command it gives. */
    record Form<R>(String path, ResponseAction action, Class<R> body, BiFunction<R, String, IncidentCommand> command) {

        IncidentCommand toCommand(Object request, String pathParameter) {
            return command.apply(body.cast(request), pathParameter);
        }
    }

    private static final List<Form<?>> FORMS = List.of(
            new Form<>("triage", ResponseAction.TRIAGE, TriageRequest.class, (r, p) -> r.toCommand()),
            new Form<>("severity", ResponseAction.CLASSIFY_SEVERITY, SeverityRequest.class, (r, p) -> r.toCommand()),
            new Form<>("roles", ResponseAction.ASSIGN_ROLE, PersonRequest.class,
                    (r, role) -> new IncidentCommand.AssignRole(IncidentResource.enumParam("role", role,
                            IncidentRole.class), PersonRequest.toPerson(r))),
            new Form<>("containment-actions", ResponseAction.RECORD_CONTAINMENT_ACTION,
                    ContainmentActionRequest.class, (r, p) -> r.toCommand()),
            new Form<>("containment", ResponseAction.DECLARE_CONTAINMENT, SummaryRequest.class,
                    (r, p) -> new IncidentCommand.DeclareContainment(r.summary())),
            new Form<>("findings", ResponseAction.RECORD_FINDING, FindingRequest.class, (r, p) -> r.toCommand()),
            new Form<>("root-cause", ResponseAction.IDENTIFY_ROOT_CAUSE, RootCauseRequest.class,
                    (r, p) -> r.toCommand()),
            new Form<>("resolution-steps", ResponseAction.RECORD_RESOLUTION_STEP, ResolutionStepRequest.class,
                    (r, p) -> r.toCommand()),
            new Form<>("resolve", ResponseAction.RESOLVE, SummaryRequest.class,
                    (r, p) -> new IncidentCommand.ResolveIncident(r.summary())),
            new Form<>("timeline-entries", ResponseAction.ADD_TIMELINE_ENTRY, TimelineEntryRequest.class,
                    (r, p) -> r.toCommand()),
            new Form<>("close", ResponseAction.CLOSE, SummaryRequest.class,
                    (r, p) -> new IncidentCommand.CloseIncident(r.summary())),
            new Form<>("reopen", ResponseAction.REOPEN, ReopenRequest.class,
                    (r, p) -> new IncidentCommand.ReopenIncident(r.reason())),
            new Form<>("status-updates", ResponseAction.POST_STATUS_UPDATE, StatusUpdateRequest.class,
                    (r, p) -> r.toCommand()),
            new Form<>("regulatory-assessment", ResponseAction.RECORD_REGULATORY_ASSESSMENT,
                    RegulatoryAssessmentRequest.class, (r, p) -> r.toCommand()),
            new Form<>("regulatory-submissions", ResponseAction.RECORD_REPORT_SUBMISSION,
                    IncidentRequests.ReportSubmissionRequest.class, (r, p) -> r.toCommand()),
            new Form<>("review", ResponseAction.DRAFT_REVIEW, ReviewRequest.class, (r, p) -> r.toCommand()),
            new Form<>("review/publish", ResponseAction.PUBLISH_REVIEW, Void.class,
                    (r, p) -> new IncidentCommand.PublishReview()),
            new Form<>("action-items", ResponseAction.ADD_ACTION_ITEM, ActionItemRequest.class,
                    (r, p) -> r.toCommand()),
            new Form<>("action-items/complete", ResponseAction.COMPLETE_ACTION_ITEM, Void.class,
                    (r, itemId) -> new IncidentCommand.CompleteActionItem(itemId)));

    private ConsoleForms() {
    }

    /** The form posted to {@code path} ("triage", "roles/INCIDENT_COMMANDER", "action-items/{id}/complete"). */
    static Optional<Posted> find(String path) {
        // two forms carry a parameter in their path: the role, and the action item's id
        String[] parts = path.split("/");
        String form = path;
        String parameter = null;
        if (parts.length == 2 && parts[0].equals("roles")) {
            form = "roles";
            parameter = parts[1];
        } else if (parts.length == 3 && parts[0].equals("action-items") && parts[2].equals("complete")) {
            form = "action-items/complete";
            parameter = parts[1];
        }
        String key = form;
        String value = parameter;
        return FORMS.stream().filter(f -> f.path().equals(key)).findFirst().map(f -> new Posted(f, value));
    }

    /** A form found by its path, with the path's own parameter (the role, the action item's id) if it has one. */
    record Posted(Form<?> form, String pathParameter) {
    }

    /** The outcome of reading a form: the request, or the field errors that keep it from being one. */
    record Read(Object request, List<Problem.FieldError> errors) {
    }

    /** Reads the posted fields into the form's request record and validates it as the JSON API would. */
    static Read read(Form<?> form, Map<String, List<String>> fields, ObjectMapper mapper, Validator validator) {
        if (form.body() == Void.class) {
            return new Read(null, List.of());
        }
        ObjectNode body = mapper.createObjectNode();
        fields.forEach((name, values) -> {
            if (name.equals(VERSION_FIELD) || name.equals(CSRF_FIELD)) {
                return;
            }
            put(body, name, values);
        });
        Object request;
        try {
            request = mapper.treeToValue(body, form.body());
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                    : String.valueOf(ref.getIndex())).collect(Collectors.joining("."));
            return new Read(null, List.of(new Problem.FieldError(field.isEmpty() ? "form" : field,
                    "is not a valid value here")));
        } catch (Exception e) {
            return new Read(null, List.of(new Problem.FieldError("form", "could not be read")));
        }
        Set<? extends ConstraintViolation<?>> violations = validator.validate(request);
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field)).toList();
        return new Read(errors.isEmpty() ? request : null, errors);
    }

    private static void put(ObjectNode body, String name, List<String> values) {
        boolean list = LISTS.contains(name);
        List<String> elements = list ? values.stream().flatMap(v -> Arrays.stream(v.split("\\r?\\n")))
                .map(String::strip).filter(v -> !v.isEmpty()).toList()
                : values.isEmpty() ? List.of() : List.of(values.get(values.size() - 1).strip());
        if (elements.isEmpty() || (!list && elements.get(0).isEmpty())) {
            return; // an empty field is an absent value, as a JSON client would leave it out
        }
        String[] path = name.split("\\.");
        ObjectNode parent = body;
        for (int i = 0; i < path.length - 1; i++) {
            parent = parent.has(path[i]) && parent.get(path[i]).isObject() ? (ObjectNode) parent.get(path[i])
                    : parent.putObject(path[i]);
        }
        String leaf = path[path.length - 1];
        if (list) {
            ArrayNode array = parent.putArray(leaf);
            elements.forEach(array::add);
            return;
        }
        String value = elements.get(0);
        if (INSTANTS.contains(name) && LOCAL_TIME.matcher(value).matches()) {
            value = value.length() == 16 ? value + ":00Z" : value + "Z";
        }
        parent.put(leaf, value);
    }

    /** The typed values of a form, to draw it again as it was sent (lists joined by lines). */
    static Map<String, String> typed(Map<String, List<String>> fields) {
        return fields.entrySet().stream().filter(e -> !e.getKey().equals(CSRF_FIELD))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.join("\n", e.getValue())));
    }

    /** The form that takes {@code action}. */
    static String formOf(ResponseAction action) {
        return FORMS.stream().filter(f -> f.action() == action).map(Form::path).findFirst().orElse(null);
    }

    /** The forms {@code actor} may submit on {@code incident} now, by the decider's own table. */
    static Set<String> allowed(Incident incident, Actor actor) {
        Set<String> allowed = new HashSet<>();
        for (Form<?> form : FORMS) {
            if (form.action().allows(incident, actor)) {
                allowed.add(form.path());
            }
        }
        return allowed;
    }
}
