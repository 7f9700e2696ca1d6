package dev.aiim.notification.domain;

import java.time.Instant;

/** The routing document with its version (the ETag) and who saved it when; version 0 is the defaults. */
public record VersionedRouting(RoutingPolicy policy, long version, Instant updatedAt, String updatedBy) {
}
