package dev.aiim.detection.domain;

/** What kind of sender an integration is; each may use only its own intake endpoint. */
public enum IntegrationType {
    ALERTMANAGER, GRAFANA, PAGERDUTY_EVENTS_V2, GENERIC,
    /** A model's telemetry sender: predictions, labels and the reference of the one system it is bound to. */
    TELEMETRY
}
