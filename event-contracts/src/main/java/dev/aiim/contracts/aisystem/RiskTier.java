package dev.aiim.contracts.aisystem;

/** HIGH-risk systems get daily proactive checks and stricter monitors; STANDARD weekly. */
public enum RiskTier {
    HIGH, STANDARD
}
