package dev.aiim.notification.repository;

import dev.aiim.platform.persistence.JsonDocumentEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An escalation policy: its levels, their targets and acknowledgement timeouts. */
@Entity
@Table(name = "escalation_policy")
public class EscalationPolicyEntity extends JsonDocumentEntity {
}
