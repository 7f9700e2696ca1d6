package dev.aiim.reporting.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.Severity;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.domain.IncidentMetrics;
import dev.aiim.reporting.service.MetricsQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The playbook's incident metrics (roles leadership, commander, admin): JSON by default, CSV with
 * {@code Accept: text/csv}. Simulation incidents never count.
 */
@Path("/api/v1/metrics")
@Tag(name = "Metrics")
@RolesAllowed({Roles.LEADERSHIP, Roles.COMMANDER, Roles.ADMIN})
public class MetricsResource {

    public static final String TEXT_CSV = "text/csv";

    /** The summary's figures at the top level (docs/api.md), the filter that made them, and stale incidents. */
    public record MetricsView(@JsonUnwrapped IncidentMetrics.Summary summary, Map<String, Object> filter,
                              List<String> staleIncidents, Instant computedAt) {
    }

    private final MetricsQueries metrics;

    public MetricsResource(MetricsQueries metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "MTTD, time to triage, MTTC, MTTR (mean, median, p90 minutes), targets, trends, reviews,"
            + " action items; from/to are ISO-8601 instants or dates (to exclusive)")
    public Uni<MetricsView> summary(@QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("severity") String severity, @QueryParam("systemId") String systemId,
                                    @QueryParam("client") String client, @QueryParam("category") String category) {
        MetricsQueries.Query query = query(from, to, severity, systemId, client, category);
        return metrics.summary(query).map(result -> new MetricsView(result.summary(), echo(query),
                result.staleIncidents(), result.computedAt()));
    }

    @GET
    @Path("/summary")
    @Produces(TEXT_CSV)
    @Operation(summary = "The same figures as CSV: section,key,severity,period,stat,value")
    public Uni<Response> summaryCsv(@QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("severity") String severity, @QueryParam("systemId") String systemId,
                                    @QueryParam("client") String client, @QueryParam("category") String category) {
        MetricsQueries.Query query = query(from, to, severity, systemId, client, category);
        return metrics.summary(query).map(result -> Response.ok(MetricsCsv.write(result.summary()), TEXT_CSV)
                .header("Content-Disposition", "attachment; filename=\"incident-metrics.csv\"").build());
    }

    static MetricsQueries.Query query(String from, String to, String severity, String systemId, String client,
                                      String category) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        Severity sev = parse("severity", severity, Severity.class, errors);
        IncidentCategory cat = parse("category", category, IncidentCategory.class, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                    : errors.size() + " query parameters are invalid", errors);
        }
        return new MetricsQueries.Query(start, end, sev, blankToNull(systemId), blankToNull(client), cat);
    }

    private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 date (2026-11-01) or instant"
                    + " (2026-11-01T00:00:00Z)"));
            return null;
        }
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(field, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, Object> echo(MetricsQueries.Query q) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("from", q.from());
        filter.put("to", q.to());
        filter.put("severity", q.severity());
        filter.put("systemId", q.systemId());
        filter.put("client", q.client());
        filter.put("category", q.category());
        return filter;
    }
}
