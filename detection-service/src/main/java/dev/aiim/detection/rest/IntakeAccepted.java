package dev.aiim.detection.rest;

import dev.aiim.detection.service.AlertIntake;

import java.util.List;

/**
 * 202 answer of the webhook intake endpoints: the alerts are on Kafka. {@code detectionIds} names, per alert whose
 * sender marks its firing episode, that episode's detection; {@code alertIds} the alerts as the log has them.
 */
public record IntakeAccepted(int accepted, List<String> detectionIds, List<String> alertIds) {

    static IntakeAccepted of(AlertIntake.Accepted accepted) {
        return new IntakeAccepted(accepted.alertIds().size(), accepted.detectionIds(), accepted.alertIds());
    }
}
