package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.time.Instant;
import java.util.List;

/** EU AI Act Art. 3(49) and Art. 73 facts: which categories (a-d) apply and how far the causal link is established. */
public record AiActSeriousIncident(
        List<String> categories,
        boolean death,
        boolean widespreadInfringement,
        boolean criticalInfrastructure,
        List<String> memberStates,
        CausalLink causalLink,
        @Nullable Instant causalLinkAt) {
}
