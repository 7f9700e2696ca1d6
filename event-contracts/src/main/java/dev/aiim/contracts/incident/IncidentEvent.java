package dev.aiim.contracts.incident;

/** An incident integration event on {@code aiim.incident-events.v1}. */
public interface IncidentEvent {
    IncidentEventHeader header();
}
