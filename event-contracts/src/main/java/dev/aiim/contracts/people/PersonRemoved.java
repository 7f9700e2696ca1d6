package dev.aiim.contracts.people;

import java.time.Instant;

/**
 * A person left the people directory. A message rather than a Kafka tombstone, so that every record on the
 * topic is a CloudEvent; compaction keeps it as the key's last word.
 */
public record PersonRemoved(String personId, String changedBy, Instant changedAt) {
}
