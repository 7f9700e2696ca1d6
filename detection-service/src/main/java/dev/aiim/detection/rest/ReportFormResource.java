package dev.aiim.detection.rest;

import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.detection.config.DetectionConfig;
import dev.aiim.detection.domain.ReportConcern;
import dev.aiim.detection.domain.StakeholderReport;
import dev.aiim.detection.service.AiSystemRegistry;
import dev.aiim.detection.service.ReportFormTokens;
import dev.aiim.detection.service.ReportRateLimiter;
import dev.aiim.detection.service.StakeholderReports;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The public report form: no login, usable on a phone, protected by a signed double-submit CSRF token
 * ({@link ReportFormTokens}: an HttpOnly SameSite cookie that must match the form's hidden field and carry this
 * service's signature), a per-address rate limit shared by every replica and a honeypot field that only robots
 * fill in.
 */
@Path("/report")
@PermitAll
public class ReportFormResource {

    static final String CSRF_FIELD = "csrf-token";
    static final String CSRF_COOKIE = "aiim-report-csrf";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(String csrfToken, List<AiSystem> systems, List<ReportConcern> concerns,
                                            List<String> errors);

        static native TemplateInstance receipt(String receiptId, String status);
    }

    private final StakeholderReports reports;
    private final AiSystemRegistry registry;
    private final ReportRateLimiter rateLimiter;
    private final ReportFormTokens tokens;
    private final DetectionConfig config;

    public ReportFormResource(StakeholderReports reports, AiSystemRegistry registry, ReportRateLimiter rateLimiter,
                              ReportFormTokens tokens, DetectionConfig config) {
        this.reports = reports;
        this.registry = registry;
        this.rateLimiter = rateLimiter;
        this.tokens = tokens;
        this.config = config;
    }

    /** A refusal of the service's checks, told in the form's own words. */
    private static String inWords(Problem.FieldError error) {
        String subject = switch (error.field()) {
            case "noticedAt" -> "The time you noticed it";
            case "systemId" -> "The AI system you named";
            default -> "The field " + error.field();
        };
        return subject + " " + error.message() + ".";
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> form() {
        return page(Response.Status.OK, List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> submit(@FormParam(CSRF_FIELD) String csrfField, @CookieParam(CSRF_COOKIE) String csrfCookie,
                                @FormParam("systemId") String systemId, @FormParam("concern") String concern,
                                @FormParam("description") String description, @FormParam("noticedAt") String noticedAt,
                                @FormParam("affected") String affected, @FormParam("contact") String contact,
                                @FormParam("website") String honeypot, @Context HttpServerRequest request) {
        if (!tokens.accepts(csrfField, csrfCookie)) {
            return page(Response.Status.FORBIDDEN, List.of("The form expired or did not come from this site; please"
                    + " send it again."));
        }
        return rateLimiter.admit(ReportApiResource.clientAddress(request, config)).chain(() -> take(systemId,
                concern, description, noticedAt, affected, contact, honeypot));
    }

    private Uni<Response> take(String systemId, String concern, String description, String noticedAt,
                               String affected, String contact, String honeypot) {
        if (honeypot != null && !honeypot.isBlank()) {
            // A robot: it gets what a person would see, and nothing is stored.
            return Uni.createFrom().item(Response.seeOther(URI.create("/report/receipt/R-0000000000000000")).build());
        }
        List<String> errors = new ArrayList<>();
        if (description == null || description.isBlank()) {
            errors.add("Please describe what you noticed.");
        } else if (description.length() > 5000) {
            errors.add("The description is longer than 5000 characters.");
        }
        Instant noticed = null;
        if (noticedAt != null && !noticedAt.isBlank()) {
            try {
                noticed = LocalDateTime.parse(noticedAt.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                errors.add("The time you noticed it is not a date and time.");
            }
        }
        ReportConcern kind = Arrays.stream(ReportConcern.values()).filter(c -> c.name().equals(concern)).findFirst()
                .orElse(ReportConcern.NOT_SURE);
        if (!errors.isEmpty()) {
            return page(Response.Status.BAD_REQUEST, errors);
        }
        StakeholderReports.Submission submission = new StakeholderReports.Submission(
                systemId == null || systemId.isBlank() ? null : systemId.trim(), kind, description, noticed,
                limit(affected, 1000), limit(contact, 500));
        return reports.submit(submission, StakeholderReport.Channel.FORM, null)
                .map(report -> Response.seeOther(URI.create("/report/receipt/" + report.receiptId())).build())
                .onFailure(InvalidRequestException.class).recoverWithUni(e -> page(Response.Status.BAD_REQUEST,
                        ((InvalidRequestException) e).errors().stream().map(ReportFormResource::inWords).toList()));
    }

    @GET
    @Path("/receipt/{receiptId}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> receipt(@PathParam("receiptId") String receiptId) {
        if (receiptId.equals("R-0000000000000000")) {
            return Uni.createFrom().item(Templates.receipt(receiptId, "received"));
        }
        return reports.find(receiptId).map(report -> Templates.receipt(report.receiptId(), report.statusText()));
    }

    private Uni<Response> page(Response.Status status, List<String> errors) {
        String token = tokens.issue();
        return registry.list().map(systems -> Response.status(status)
                .entity(Templates.form(token, systems, List.of(ReportConcern.values()), errors))
                .type(MediaType.TEXT_HTML_TYPE)
                .cookie(new NewCookie.Builder(CSRF_COOKIE).value(token).path("/report").httpOnly(true)
                        .sameSite(NewCookie.SameSite.STRICT).maxAge((int) ReportFormTokens.LIFETIME.toSeconds())
                        .build())
                .build());
    }

    private static String limit(String value, int max) {
        return value == null ? null : value.length() <= max ? value : value.substring(0, max);
    }
}
