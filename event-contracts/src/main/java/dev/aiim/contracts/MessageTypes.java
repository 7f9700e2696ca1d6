package dev.aiim.contracts;

import dev.aiim.contracts.aisystem.AiSystemRegistered;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.contracts.aisystem.AiSystemUpdated;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.contracts.detection.DetectionResolved;
import dev.aiim.contracts.incident.*;
import dev.aiim.contracts.integrity.CheckpointTaken;
import dev.aiim.contracts.notification.NotificationFailed;
import dev.aiim.contracts.notification.NotificationSent;
import dev.aiim.contracts.notification.PageAcknowledged;
import dev.aiim.contracts.notification.UpdateOverdue;
import dev.aiim.contracts.people.PersonRegistered;
import dev.aiim.contracts.people.PersonRemoved;
import dev.aiim.contracts.people.PersonUpdated;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every message type of the platform (docs/architecture.md, "Topics"). */
public final class MessageTypes {

    public static final MessageType ALERT_RECEIVED =
            new MessageType("alert.received", 1, Topics.ALERTS, AlertReceived.class);
    public static final MessageType DETECTION_RAISED =
            new MessageType("detection.raised", 1, Topics.DETECTIONS, DetectionRaised.class);
    public static final MessageType DETECTION_RESOLVED =
            new MessageType("detection.resolved", 1, Topics.DETECTIONS, DetectionResolved.class);
    public static final MessageType INCIDENT_OPENED =
            new MessageType("incident.opened", 1, Topics.INCIDENT_EVENTS, IncidentOpened.class);
    public static final MessageType SIGNAL_ATTACHED =
            new MessageType("incident.signal-attached", 1, Topics.INCIDENT_EVENTS, SignalAttached.class);
    public static final MessageType SIGNALS_COUNTED =
            new MessageType("incident.signals-counted", 1, Topics.INCIDENT_EVENTS, SignalsCounted.class);
    public static final MessageType INCIDENT_TRIAGED =
            new MessageType("incident.triaged", 1, Topics.INCIDENT_EVENTS, IncidentTriaged.class);
    public static final MessageType INCIDENT_DISMISSED =
            new MessageType("incident.dismissed", 1, Topics.INCIDENT_EVENTS, IncidentDismissed.class);
    public static final MessageType SEVERITY_CLASSIFIED =
            new MessageType("incident.severity-classified", 1, Topics.INCIDENT_EVENTS, SeverityClassified.class);
    public static final MessageType ROLE_ASSIGNED =
            new MessageType("incident.role-assigned", 1, Topics.INCIDENT_EVENTS, RoleAssigned.class);
    public static final MessageType CONTAINMENT_ACTION_RECORDED =
            new MessageType("incident.containment-action-recorded", 1, Topics.INCIDENT_EVENTS, ContainmentActionRecorded.class);
    public static final MessageType INCIDENT_CONTAINED =
            new MessageType("incident.contained", 1, Topics.INCIDENT_EVENTS, IncidentContained.class);
    public static final MessageType FINDING_RECORDED =
            new MessageType("incident.finding-recorded", 1, Topics.INCIDENT_EVENTS, FindingRecorded.class);
    public static final MessageType ROOT_CAUSE_IDENTIFIED =
            new MessageType("incident.root-cause-identified", 1, Topics.INCIDENT_EVENTS, RootCauseIdentified.class);
    public static final MessageType RESOLUTION_STEP_RECORDED =
            new MessageType("incident.resolution-step-recorded", 1, Topics.INCIDENT_EVENTS, ResolutionStepRecorded.class);
    public static final MessageType INCIDENT_RESOLVED =
            new MessageType("incident.resolved", 1, Topics.INCIDENT_EVENTS, IncidentResolved.class);
    public static final MessageType TIMELINE_ENTRY_ADDED =
            new MessageType("incident.timeline-entry-added", 1, Topics.INCIDENT_EVENTS, TimelineEntryAdded.class);
    public static final MessageType STATUS_UPDATE_POSTED =
            new MessageType("incident.status-update-posted", 1, Topics.INCIDENT_EVENTS, StatusUpdatePosted.class);
    public static final MessageType REGULATORY_ASSESSMENT_RECORDED =
            new MessageType("incident.regulatory-assessment-recorded", 1, Topics.INCIDENT_EVENTS, RegulatoryAssessmentRecorded.class);
    public static final MessageType REGULATORY_REPORT_SUBMITTED =
            new MessageType("incident.regulatory-report-submitted", 1, Topics.INCIDENT_EVENTS,
                    RegulatoryReportSubmitted.class);
    public static final MessageType REVIEW_DRAFTED =
            new MessageType("incident.review-drafted", 1, Topics.INCIDENT_EVENTS, ReviewDrafted.class);
    public static final MessageType REVIEW_PUBLISHED =
            new MessageType("incident.review-published", 1, Topics.INCIDENT_EVENTS, ReviewPublished.class);
    public static final MessageType ACTION_ITEM_ADDED =
            new MessageType("incident.action-item-added", 1, Topics.INCIDENT_EVENTS, ActionItemAdded.class);
    public static final MessageType ACTION_ITEM_COMPLETED =
            new MessageType("incident.action-item-completed", 1, Topics.INCIDENT_EVENTS, ActionItemCompleted.class);
    public static final MessageType INCIDENT_CLOSED =
            new MessageType("incident.closed", 1, Topics.INCIDENT_EVENTS, IncidentClosed.class);
    public static final MessageType INCIDENT_REOPENED =
            new MessageType("incident.reopened", 1, Topics.INCIDENT_EVENTS, IncidentReopened.class);
    public static final MessageType NOTIFICATION_SENT =
            new MessageType("notification.sent", 1, Topics.NOTIFICATIONS, NotificationSent.class);
    public static final MessageType NOTIFICATION_FAILED =
            new MessageType("notification.failed", 1, Topics.NOTIFICATIONS, NotificationFailed.class);
    public static final MessageType PAGE_ACKNOWLEDGED =
            new MessageType("page.acknowledged", 1, Topics.NOTIFICATIONS, PageAcknowledged.class);
    public static final MessageType UPDATE_OVERDUE =
            new MessageType("update.overdue", 1, Topics.NOTIFICATIONS, UpdateOverdue.class);
    public static final MessageType AI_SYSTEM_REGISTERED =
            new MessageType("ai-system.registered", 1, Topics.AI_SYSTEMS, AiSystemRegistered.class);
    public static final MessageType AI_SYSTEM_UPDATED =
            new MessageType("ai-system.updated", 1, Topics.AI_SYSTEMS, AiSystemUpdated.class);
    public static final MessageType PERSON_REGISTERED =
            new MessageType("person.registered", 1, Topics.PEOPLE, PersonRegistered.class);
    public static final MessageType PERSON_UPDATED =
            new MessageType("person.updated", 1, Topics.PEOPLE, PersonUpdated.class);
    public static final MessageType PERSON_REMOVED =
            new MessageType("person.removed", 1, Topics.PEOPLE, PersonRemoved.class);
    public static final MessageType CHECKPOINT_TAKEN =
            new MessageType("integrity.checkpoint-taken", 1, Topics.INTEGRITY_CHECKPOINTS, CheckpointTaken.class);

    public static final List<MessageType> ALL = List.of(
            ALERT_RECEIVED,
            DETECTION_RAISED,
            DETECTION_RESOLVED,
            INCIDENT_OPENED,
            SIGNAL_ATTACHED,
            SIGNALS_COUNTED,
            INCIDENT_TRIAGED,
            INCIDENT_DISMISSED,
            SEVERITY_CLASSIFIED,
            ROLE_ASSIGNED,
            CONTAINMENT_ACTION_RECORDED,
            INCIDENT_CONTAINED,
            FINDING_RECORDED,
            ROOT_CAUSE_IDENTIFIED,
            RESOLUTION_STEP_RECORDED,
            INCIDENT_RESOLVED,
            TIMELINE_ENTRY_ADDED,
            STATUS_UPDATE_POSTED,
            REGULATORY_ASSESSMENT_RECORDED,
            REGULATORY_REPORT_SUBMITTED,
            REVIEW_DRAFTED,
            REVIEW_PUBLISHED,
            ACTION_ITEM_ADDED,
            ACTION_ITEM_COMPLETED,
            INCIDENT_CLOSED,
            INCIDENT_REOPENED,
            NOTIFICATION_SENT,
            NOTIFICATION_FAILED,
            PAGE_ACKNOWLEDGED,
            UPDATE_OVERDUE,
            AI_SYSTEM_REGISTERED,
            AI_SYSTEM_UPDATED,
            PERSON_REGISTERED,
            PERSON_UPDATED,
            PERSON_REMOVED,
            CHECKPOINT_TAKEN);

    private static final Map<String, MessageType> BY_CE_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(MessageType::ceType, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_PAYLOAD =
            ALL.stream().collect(Collectors.toUnmodifiableMap(MessageType::payloadType, Function.identity()));

    private MessageTypes() {
    }

    /** The message type of a CloudEvents {@code ce_type}, if the platform knows it. */
    public static Optional<MessageType> byCeType(String ceType) {
        return Optional.ofNullable(ceType).map(BY_CE_TYPE::get);
    }

    /** Every message type that travels on {@code topic}. */
    public static Set<MessageType> onTopic(String topic) {
        return ALL.stream().filter(t -> t.topic().equals(topic)).collect(Collectors.toUnmodifiableSet());
    }

    /** The message type whose data is the given record. */
    public static MessageType of(Class<?> payloadType) {
        MessageType type = BY_PAYLOAD.get(payloadType);
        if (type == null) {
            throw new IllegalArgumentException("Not a message record: " + payloadType.getName());
        }
        return type;
    }
}
