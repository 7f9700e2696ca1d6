package dev.aiim.reporting.domain;

import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.ContainmentActionRecorded;
import dev.aiim.contracts.incident.FindingRecorded;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.contracts.incident.IncidentOpened;
import dev.aiim.contracts.incident.IncidentRole;
import dev.aiim.contracts.incident.Person;
import dev.aiim.contracts.incident.PostIncidentReview;
import dev.aiim.contracts.incident.RegulatoryAssessmentRecorded;
import dev.aiim.contracts.incident.RegulatoryReportSubmitted;
import dev.aiim.contracts.incident.ResolutionStepRecorded;
import dev.aiim.contracts.incident.ReviewDrafted;
import dev.aiim.contracts.incident.ReviewPublished;
import dev.aiim.contracts.incident.RoleAssigned;
import dev.aiim.contracts.incident.RootCauseIdentified;
import dev.aiim.contracts.incident.StatusUpdatePosted;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the review document and the regulator exports say about one incident, from its events up to
 * the first gap: the metrics record plus the description, roles, containment actions, findings, root cause,
 * resolution steps, status updates, the latest regulatory assessment and review, the chain's head, and what the
 * AI-system registry said of the system when the incident opened ({@code registryAtOpen}, null for a system not
 * registered then, or an incident opened before the platform kept it).
 */
public record IncidentDossier(IncidentRecord record, String description, List<IncidentEvent> events,
                              Map<IncidentRole, Person> roles, List<ContainmentActionRecorded> containment,
                              List<FindingRecorded> findings, RootCauseIdentified rootCause,
                              List<ResolutionStepRecorded> resolutionSteps, List<StatusUpdatePosted> statusUpdates,
                              RegulatoryAssessmentRecorded assessment, PostIncidentReview review,
                              boolean reviewPublished, RegistryFacts registryAtOpen) {

    /** The dossier of the contiguous events from version 1; empty before version 1 arrived. */
    public static Optional<IncidentDossier> of(List<? extends IncidentEvent> received) {
        int n = IncidentHistory.contiguous(received);
        if (n == 0) {
            return Optional.empty();
        }
        List<IncidentEvent> events = List.copyOf(received.subList(0, n));
        IncidentRecord record = IncidentHistory.fold(events).orElseThrow();
        String description = null;
        Map<IncidentRole, Person> roles = new EnumMap<>(IncidentRole.class);
        List<ContainmentActionRecorded> containment = new ArrayList<>();
        List<FindingRecorded> findings = new ArrayList<>();
        RootCauseIdentified rootCause = null;
        List<ResolutionStepRecorded> steps = new ArrayList<>();
        List<StatusUpdatePosted> updates = new ArrayList<>();
        RegulatoryAssessmentRecorded assessment = null;
        PostIncidentReview review = null;
        boolean published = false;
        RegistryFacts registryAtOpen = null;
        for (IncidentEvent event : events) {
            if (event instanceof IncidentOpened e) {
                description = e.description();
                registryAtOpen = e.registry();
            } else if (event instanceof RoleAssigned e) {
                roles.put(e.role(), e.person());
            } else if (event instanceof ContainmentActionRecorded e) {
                containment.add(e);
            } else if (event instanceof FindingRecorded e) {
                findings.add(e);
            } else if (event instanceof RootCauseIdentified e) {
                rootCause = e;
            } else if (event instanceof ResolutionStepRecorded e) {
                steps.add(e);
            } else if (event instanceof StatusUpdatePosted e) {
                updates.add(e);
            } else if (event instanceof RegulatoryAssessmentRecorded e) {
                assessment = e;
            } else if (event instanceof ReviewDrafted e) {
                review = e.review();
            } else if (event instanceof ReviewPublished e) {
                review = e.review();
                published = true;
            }
        }
        return Optional.of(new IncidentDossier(record, description, events, roles, containment, findings, rootCause,
                steps, updates, assessment, review, published, registryAtOpen));
    }

    /** The regulator reports recorded as submitted to authorities, in the order they were recorded. */
    public List<RegulatoryReportSubmitted> submissions() {
        return events.stream().filter(RegulatoryReportSubmitted.class::isInstance)
                .map(RegulatoryReportSubmitted.class::cast).toList();
    }

    public int eventCount() {
        return events.size();
    }

    public String headHash() {
        return events.get(events.size() - 1).header().hash();
    }
}
