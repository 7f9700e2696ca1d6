package dev.aiim.contracts.incident;

/** The playbook's containment options for AI systems. */
public enum ContainmentType {
    ROLLBACK, DISABLE, DEGRADE, GUARDRAIL, REDUCE_SCOPE
}
