package dev.aiim.incident.projection;

import dev.aiim.incident.domain.Incident;

import java.util.List;

/** One page of the incident list, newest detection first, with the total that matched. */
public record IncidentPage(List<Incident> items, long total, int page, int size) {
}
