package dev.aiim.notification;

import dev.aiim.contracts.Actor;
import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Severity;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.contracts.incident.Audience;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentEventHeader;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentResolved;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.IncidentTriaged;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryReportSubmitted;
import dev.aiim.contracts.incident.RegulatoryDeadline;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.StatusUpdatePosted;
import dev.aiim.platform.testing.KafkaTestClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One incident's integration events as incident-service publishes them, numbered in order, produced to the
 * real {@code aiim.incident-events.v1}; {@link #replay()} sends every one again (a redelivery).
 */
final class IncidentStory {

    final String incidentId;
    final String systemId;
    final boolean simulation;
    private final Clock clock;
    private final List<IncidentEvent> sent = new ArrayList<>();
    private long version;
    private IncidentStatus status = IncidentStatus.DETECTED;
    private Severity severity;

    IncidentStory(String incidentId, String systemId, boolean simulation, Clock clock) {
        this.incidentId = incidentId;
        this.systemId = systemId;
        this.simulation = simulation;
        this.clock = clock;
    }

    /** Registers the AI system on {@code aiim.ai-systems.v1}: owner team and one client contact. */
    static void registerSystem(String systemId, String ownerTeam, String clientEmail) throws Exception {
        AiSystem system = new AiSystem(systemId, "Credit risk scoring " + systemId, null, ownerTeam,
                new AiSystem.Client("Mid-tier bank", List.of(new AiSystem.Contact("Bank risk office", clientEmail))),
                RiskTier.HIGH, "2.3.0", List.of("2.2.1"), List.of("PERSONAL_DATA"), List.of("EU"), null, 1);
        KafkaTestClient.produce(Topics.AI_SYSTEMS, systemId, "sys-" + systemId + "-1",
                MessageTypes.AI_SYSTEM_REGISTERED.ceType(),
                EventJson.write(new AiSystemRegistered(system, "admin", Instant.now())));
    }

    IncidentStory opened() throws Exception {
        return send(new IncidentOpened(next(IncidentStatus.DETECTED, null), "Credit model denies applicants aged 60+",
                "Approval rate for age 60+ fell from 0.62 to 0.18", DetectionSource.MONITOR, Severity.SEV1,
                clock.instant().minusSeconds(300), clock.instant(), systemId + ":BIAS_FAIRNESS", null, null));
    }

    IncidentStory role(IncidentRole role, String personId, String name, String email) throws Exception {
        return send(new RoleAssigned(next(status, severity), role, new Person(personId, name, email, true), null));
    }

    IncidentStory triaged(Severity severity) throws Exception {
        return send(new IncidentTriaged(next(IncidentStatus.TRIAGED, severity), severity,
                "Regulated lending decisions, a protected group affected", clock.instant()));
    }

    IncidentStory statusUpdate(Audience audience, String known) throws Exception {
        return send(new StatusUpdatePosted(next(status, severity), audience, known, "Rolling back to 2.2.1", null));
    }

    IncidentStory assessed(List<RegulatoryDeadline> deadlines) throws Exception {
        return send(new RegulatoryAssessmentRecorded(next(status, severity), clock.instant(), true, false, 1200L, null,
                false, deadlines, null, List.of()));
    }

    IncidentStory submitted(String regime, String stage, List<String> clocksMet, RegulatoryDeadline next)
            throws Exception {
        return send(new RegulatoryReportSubmitted(next(status, severity), "sub-" + sent.size(), regime, stage,
                incidentId + "/" + regime + "/" + stage.toLowerCase(java.util.Locale.ROOT), "sha-256:" + "0".repeat(64),
                clock.instant(), "CSIRT", null, clocksMet, next));
    }

    IncidentStory resolved() throws Exception {
        return send(new IncidentResolved(next(IncidentStatus.RESOLVED, severity), "Model 2.2.1 restored",
                clock.instant()));
    }

    /** Every event again, with the same CloudEvents ids: what a consumer sees after a rebalance. */
    void replay() throws Exception {
        for (IncidentEvent event : sent) {
            produce(event, event.header().eventId());
        }
    }

    /** Every event again under new message ids: a duplicate the idempotency keys must catch. */
    void replayUnderNewIds() throws Exception {
        for (IncidentEvent event : sent) {
            produce(event, event.header().eventId() + "-again");
        }
    }

    private IncidentStory send(IncidentEvent event) throws Exception {
        sent.add(event);
        produce(event, event.header().eventId());
        return this;
    }

    private void produce(IncidentEvent event, String messageId) throws Exception {
        KafkaTestClient.produce(Topics.INCIDENT_EVENTS, incidentId, messageId,
                MessageTypes.of(event.getClass()).ceType(), EventJson.write(event));
    }

    private IncidentEventHeader next(IncidentStatus newStatus, Severity newSeverity) {
        version++;
        status = newStatus;
        severity = newSeverity;
        return new IncidentEventHeader(incidentId, version, incidentId + "-e" + version, clock.instant(),
                new Actor("commander", "Casey Commander", List.of("commander")), version == 1 ? null : "a".repeat(64),
                String.format("%064d", version), newStatus, newSeverity, IncidentCategory.BIAS_FAIRNESS, systemId,
                simulation);
    }
}
