package dev.aiim.contracts.people;

import java.time.Instant;

/** A person's directory entry changed (their name, or whether they are a senior leader). */
public record PersonUpdated(DirectoryPerson person, String changedBy, Instant changedAt) {
}
