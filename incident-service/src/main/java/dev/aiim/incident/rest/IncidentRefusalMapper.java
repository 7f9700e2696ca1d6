package dev.aiim.incident.rest;

import dev.aiim.incident.domain.IncidentRefusal;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/** The decider's refusals as problem+json: 409 for the lifecycle and playbook rules, 400 with the field, 403, 404. */
public class IncidentRefusalMapper {

    @ServerExceptionMapper
    public Response refused(IncidentRefusal refusal, UriInfo uri) {
        return ProblemResponses.of(problem(refusal, uri.getPath()), Map.of());
    }

    /** The refusal as a problem (the console shows it in words next to the form). */
    static Problem problem(IncidentRefusal refusal, String path) {
        return switch (refusal.kind()) {
            case ILLEGAL_TRANSITION, RULE_VIOLATION -> Problem.of(ProblemKind.CONFLICT, refusal.getMessage(), path);
            case NOT_PERMITTED -> Problem.of(ProblemKind.FORBIDDEN, refusal.getMessage(), path);
            case NOT_FOUND -> Problem.of(ProblemKind.NOT_FOUND, refusal.getMessage(), path);
            case INVALID_COMMAND -> Problem.invalid(refusal.field() + " " + refusal.getMessage(), path,
                    List.of(new Problem.FieldError(refusal.field(), refusal.getMessage())));
        };
    }
}
