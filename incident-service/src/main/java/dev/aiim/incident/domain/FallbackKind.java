package dev.aiim.incident.domain;

/** What a DEGRADE containment falls back to (playbook phase 3). */
public enum FallbackKind {
    SIMPLER_MODEL, RULE_BASED, HUMAN_REVIEW
}
