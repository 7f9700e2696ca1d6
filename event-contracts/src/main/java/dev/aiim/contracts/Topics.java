package dev.aiim.contracts;

/** Kafka topic names. A breaking change to a topic's messages is a new {@code .v2} topic. */
public final class Topics {
    /**
     * Key: {@code integrationId:dedupKey}. {@code alert.received}: every alert an intake endpoint accepted, before
     * deduplication; read by detection-service alone.
     */
    public static final String ALERTS = "aiim.alerts.v1";
    /** Key: correlation key. {@code detection.raised}, {@code detection.resolved}. */
    public static final String DETECTIONS = "aiim.detections.v1";
    /** Key: incident id. Every committed incident event, in order per incident. */
    public static final String INCIDENT_EVENTS = "aiim.incident-events.v1";
    /** Key: incident id. Delivery outcomes, acknowledgements and overdue updates. */
    public static final String NOTIFICATIONS = "aiim.notifications.v1";
    /** Key: system id. Compacted: the latest registration of every AI system. */
    public static final String AI_SYSTEMS = "aiim.ai-systems.v1";
    /** Key: person id. Compacted: the latest entry of every person in notification-service's directory. */
    public static final String PEOPLE = "aiim.people.v1";
    /**
     * Key: checkpoint id. Compacted (each key is written once, or again identically): every signed checkpoint of the
     * incident event chains, with the events it covers.
     */
    public static final String INTEGRITY_CHECKPOINTS = "aiim.integrity-checkpoints.v1";

    private Topics() {
    }

    /** The dead-letter topic where a consuming service parks messages it cannot process. */
    public static String deadLetters(String serviceName) {
        return "aiim.dead-letters." + serviceName + ".v1";
    }
}
