package dev.aiim.incident.rest;

import dev.aiim.incident.domain.IncidentRefusal;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.problem.ProblemKind;
import dev.aiim.platform.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** The decider's refusals as problem+json: 409 for the lifecycle and playbook rules, 400 with the field, 403, 404. */
public class IncidentRefusalMapper {

    @ServerExceptionMapper
    public Response refused(IncidentRefusal refusal, UriInfo uri) {
        String path = uri.getPath();
        return switch (refusal.kind()) {
            case ILLEGAL_TRANSITION, RULE_VIOLATION -> ProblemResponses.of(ProblemKind.CONFLICT, refusal.getMessage(), path);
            case NOT_PERMITTED -> ProblemResponses.of(ProblemKind.FORBIDDEN, refusal.getMessage(), path);
            case NOT_FOUND -> ProblemResponses.of(ProblemKind.NOT_FOUND, refusal.getMessage(), path);
            case INVALID_COMMAND -> ProblemResponses.invalid(refusal.field() + " " + refusal.getMessage(), path,
                    List.of(new Problem.FieldError(refusal.field(), refusal.getMessage())));
        };
    }
}
