package dev.aiim.contracts.people;

import java.time.Instant;

/** A person joined the people directory. */
public record PersonRegistered(DirectoryPerson person, String changedBy, Instant changedAt) {
}
