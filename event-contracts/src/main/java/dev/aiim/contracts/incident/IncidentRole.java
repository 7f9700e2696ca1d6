package dev.aiim.contracts.incident;

/** The playbook's response roles. */
public enum IncidentRole {
    INCIDENT_COMMANDER, TECHNICAL_LEAD, CLIENT_LIAISON, COMMUNICATIONS_LEAD, SCRIBE
}
