package dev.aiim.incident.rest;

import java.util.List;

/** A page of incidents (docs/api.md): {@code items}, {@code total}, {@code page}, {@code size}. */
public record IncidentList(List<IncidentView> items, long total, int page, int size) {
}
