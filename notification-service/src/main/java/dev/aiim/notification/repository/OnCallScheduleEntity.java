package dev.aiim.notification.repository;

import dev.aiim.platform.persistence.JsonDocumentEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An on-call schedule: rotation layers and overrides. */
@Entity
@Table(name = "on_call_schedule")
public class OnCallScheduleEntity extends JsonDocumentEntity {
}
