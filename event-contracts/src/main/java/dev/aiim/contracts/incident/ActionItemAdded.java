package dev.aiim.contracts.incident;

import java.time.LocalDate;

/** A post-incident action item was added. */
public record ActionItemAdded(
        IncidentEventHeader header,
        String itemId,
        String title,
        String owner,
        LocalDate dueDate,
        ActionItemKind kind) implements IncidentEvent {
}
