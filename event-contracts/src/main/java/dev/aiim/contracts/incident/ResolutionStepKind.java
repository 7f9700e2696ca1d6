package dev.aiim.contracts.incident;

/** Phase 5: fix developed, tested (fairness and performance acceptance), deployed, impact remediated. */
public enum ResolutionStepKind {
    FIX_DEVELOPED, FIX_TESTED, FIX_DEPLOYED, IMPACT_REMEDIATED
}
