package dev.aiim.contracts.incident;

/** EU AI Act Art. 73: how far the causal link between the AI system and the serious incident is established. */
public enum CausalLink {
    ESTABLISHED, LIKELY, UNDER_INVESTIGATION
}
