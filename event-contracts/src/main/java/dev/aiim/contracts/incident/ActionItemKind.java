package dev.aiim.contracts.incident;

/** What a post-incident action item improves. */
public enum ActionItemKind {
    PREVENT, DETECT, RESPOND, PROCESS
}
