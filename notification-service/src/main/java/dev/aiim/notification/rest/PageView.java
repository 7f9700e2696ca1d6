package dev.aiim.notification.rest;

import dev.aiim.notification.domain.Page;

import java.time.Instant;

/** A page as the API shows it: where its escalation stands, and who acknowledged it when. */
public record PageView(String id, String incidentId, String policyId, int step, Page.Status status,
                       String pagedPerson, boolean simulation, Instant pagedAt, Instant acknowledgedAt,
                       String acknowledgedBy) {

    static PageView of(Page page) {
        return new PageView(page.id(), page.incidentId(), page.policyId(), page.step(), page.status(),
                page.pagedPerson(), page.simulation(), page.pagedAt(), page.acknowledgedAt(), page.acknowledgedBy());
    }
}
