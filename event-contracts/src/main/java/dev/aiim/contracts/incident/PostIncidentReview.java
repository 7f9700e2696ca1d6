package dev.aiim.contracts.incident;

import dev.aiim.contracts.Nullable;

import java.util.List;

/** The playbook's post-incident review, carried whole so that reporting can render it without calling back. */
public record PostIncidentReview(
        String summary,
        @Nullable String impact,
        @Nullable String timelineNarrative,
        @Nullable String rootCauseAnalysis,
        List<String> fiveWhys,
        @Nullable ResponseEvaluation responseEvaluation,
        List<String> lessons) {

    /** How detection, containment and communication went against the targets. */
    public record ResponseEvaluation(@Nullable String detection, @Nullable String containment, @Nullable String communication) {
    }
}
