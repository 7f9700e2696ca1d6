package dev.aiim.detection.rest;

import java.util.List;

/** 202 answer of the intake endpoints: the detections are on Kafka. */
public record IntakeAccepted(int accepted, List<String> detectionIds) {
}
