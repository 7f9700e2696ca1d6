package dev.aiim.contracts.people;

/**
 * A person of the platform's people directory (kept by notification-service) as other services know them:
 * who they are and whether they are a senior engineering leader, which the playbook asks of a SEV1/SEV2
 * incident commander. Contact points stay in notification-service.
 */
public record DirectoryPerson(String id, String name, boolean seniorLeader) {
}
