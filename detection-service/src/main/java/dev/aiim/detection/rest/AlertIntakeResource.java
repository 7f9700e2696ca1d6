package dev.aiim.detection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiim.detection.domain.InboundAlert;
import dev.aiim.detection.domain.IntakeCredentials;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.AlertIntake;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.problem.ProblemExceptionMappers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Where monitoring systems send alerts: Alertmanager and Grafana webhooks (integration token or
 * signature), and a PagerDuty Events v2 compatible endpoint (the token as {@code routing_key}). Each
 * answers 202 once Kafka has every alert of the request on {@code aiim.alerts.v1} ({@link AlertIntake}).
 */
@Path("/api/v1/intake")
@Tag(name = "Intake")
@PermitAll
public class AlertIntakeResource {

    private static final Instant NOT_ENDED = Instant.parse("0001-01-02T00:00:00Z");

    private final AlertIntake intake;
    private final Integrations integrations;
    private final IntakeBodies bodies;
    private final ObjectMapper mapper;
    private final Validator validator;

    public AlertIntakeResource(AlertIntake intake, Integrations integrations, IntakeBodies bodies, ObjectMapper mapper,
                               Validator validator) {
        this.intake = intake;
        this.integrations = integrations;
        this.bodies = bodies;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @Path("/alertmanager")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prometheus Alertmanager webhook (version 4): firing alerts raise, resolved ones resolve")
    public Uni<Response> alertmanager(byte[] body, @BeanParam IntakeHeaders credentials) {
        return webhook(IntegrationType.ALERTMANAGER, "alertmanager", body, credentials);
    }

    @POST
    @Path("/grafana")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grafana Alerting webhook contact point")
    public Uni<Response> grafana(byte[] body, @BeanParam IntakeHeaders credentials) {
        return webhook(IntegrationType.GRAFANA, "grafana", body, credentials);
    }

    private Uni<Response> webhook(IntegrationType type, String source, byte[] body, IntakeHeaders credentials) {
        return credentials.authenticate(integrations, type, body)
                .chain(integration -> {
                    AlertmanagerWebhook webhook = bodies.read(body, AlertmanagerWebhook.class);
                    return intake.accept(integration, alerts(webhook, source), credentials.signatureIfSigned());
                })
                .map(accepted -> Response.accepted(IntakeAccepted.of(accepted)).build());
    }

    private List<InboundAlert> alerts(AlertmanagerWebhook webhook, String source) {
        List<InboundAlert> alerts = new ArrayList<>();
        for (AlertmanagerWebhook.Alert alert : webhook.alerts()) {
            Map<String, String> labels = new TreeMap<>(webhook.commonLabels() == null ? Map.of() : webhook.commonLabels());
            labels.putAll(alert.labels());
            Map<String, String> annotations = new LinkedHashMap<>(
                    webhook.commonAnnotations() == null ? Map.of() : webhook.commonAnnotations());
            if (alert.annotations() != null) {
                annotations.putAll(alert.annotations());
            }
            String summary = firstOf(annotations.get("summary"), annotations.get("description"), labels.get("alertname"),
                    "Alert from " + source);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", source);
            evidence.put("groupKey", webhook.groupKey());
            evidence.put("receiver", webhook.receiver());
            evidence.put("externalURL", webhook.externalURL());
            evidence.put("alert", alert); // the record itself: written out as the sender sent it, without a copy
            evidence.values().removeIf(java.util.Objects::isNull);
            Instant endedAt = alert.endsAt() == null || alert.endsAt().isBefore(NOT_ENDED) ? null : alert.endsAt();
            String fingerprint = alert.fingerprint() != null && !alert.fingerprint().isBlank() ? alert.fingerprint()
                    : fingerprint(labels);
            // startsAt marks the firing episode: Alertmanager sends it unchanged with every repeat and the resolution
            alerts.add(new InboundAlert(fingerprint, "firing".equals(alert.status()), summary, labels, alert.startsAt(),
                    endedAt, evidence, webhook.groupKey(), alert.startsAt()));
        }
        return alerts;
    }

    /** Alertmanager's fingerprint is a hash of the label set; a sender that leaves it out gets the same idea. */
    private static String fingerprint(Map<String, String> sortedLabels) {
        return IntakeCredentials.hash(sortedLabels.toString()).substring(0, 16);
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    // --- PagerDuty Events API v2

    /** PagerDuty's own answers, which its senders understand. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PagerDutyAnswer(String status, String message, @com.fasterxml.jackson.annotation.JsonProperty(
            "dedup_key") String dedupKey, List<String> errors) {
    }

    @POST
    @Path("/pagerduty/v2/enqueue")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "PagerDuty Events API v2 compatible: trigger raises, resolve resolves, acknowledge is noted")
    public Uni<Response> pagerDuty(byte[] body) {
        PagerDutyEvent event;
        try {
            event = mapper.readValue(body, PagerDutyEvent.class);
        } catch (JsonProcessingException e) {
            // in plain words: Jackson's own text names our Java types (fault suite, fault 8)
            return Uni.createFrom().item(invalid(List.of(ProblemExceptionMappers.plainWords(e))));
        } catch (IOException e) {
            return Uni.createFrom().item(invalid(List.of("The body could not be read")));
        }
        if (event == null) {
            return Uni.createFrom().item(invalid(List.of("The body is null; send an event object")));
        }
        List<String> errors = new ArrayList<>();
        Set<ConstraintViolation<PagerDutyEvent>> violations = validator.validate(event);
        violations.forEach(v -> errors.add(v.getPropertyPath() + " " + v.getMessage()));
        if ("trigger".equals(event.eventAction()) && event.payload() == null) {
            errors.add("payload is required for trigger events");
        }
        if (!"trigger".equals(event.eventAction()) && (event.dedupKey() == null || event.dedupKey().isBlank())) {
            errors.add("dedup_key is required for " + event.eventAction() + " events");
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(invalid(errors.stream().sorted().toList()));
        }
        String dedupKey = event.dedupKey() != null ? event.dedupKey() : UUID.randomUUID().toString();
        return Uni.createFrom().item(() -> integrations.byToken(IntegrationType.PAGERDUTY_EVENTS_V2,
                        event.routingKey()))
                .chain(integration -> "acknowledge".equals(event.eventAction()) ? Uni.createFrom().voidItem()
                        : intake.accept(integration, List.of(alert(event, dedupKey)), null).replaceWithVoid())
                .map(accepted -> Response.accepted(new PagerDutyAnswer("success", "Event processed", dedupKey, null))
                        .build());
    }

    private InboundAlert alert(PagerDutyEvent event, String dedupKey) {
        PagerDutyEvent.Payload payload = event.payload();
        Map<String, String> labels = new TreeMap<>();
        if (payload != null) {
            labels.put("severity", payload.severity());
            labels.put("source", payload.source());
            putIfPresent(labels, "component", payload.component());
            putIfPresent(labels, "group", payload.group());
            putIfPresent(labels, "class", payload.eventClass());
            if (payload.customDetails() != null) {
                payload.customDetails().forEach((k, v) -> {
                    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                        labels.put(k, String.valueOf(v));
                    }
                });
            }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", "pagerduty-events-v2");
        evidence.put("event", mapper.convertValue(event, Map.class));
        ((Map<?, ?>) evidence.get("event")).remove("routing_key");
        return new InboundAlert(dedupKey, "trigger".equals(event.eventAction()),
                payload == null ? "Resolved by the sender" : payload.summary(), labels,
                payload == null ? null : payload.timestamp(), null, evidence, payload == null ? null : payload.group(),
                null); // PagerDuty deduplicates by key alone: its timestamp is when an event was sent, not an episode
    }

    private static void putIfPresent(Map<String, String> labels, String key, String value) {
        if (value != null) {
            labels.put(key, value);
        }
    }

    private static Response invalid(List<String> errors) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new PagerDutyAnswer("invalid event", "Event object is invalid", null, errors)).build();
    }
}
