package dev.aiim.contracts.incident;

import java.util.List;
import java.util.Map;

/**
 * The regulator reports the platform knows, the stages each law has them in, and the notification clocks
 * ({@link RegulatoryDeadline#regime()}) a stage answers: EU AI Act Art. 73(5) (an initial, incomplete report, then a
 * complete one), GDPR Art. 33(4) (a notification, then information in phases, on no clock of its own), HIPAA (one
 * notification, to individuals, the media and HHS), NIS2 Art. 23(4) (early warning, incident notification, final
 * report). incident-service records submissions by it, reporting-service exports by it.
 */
public final class ReportStages {

    public static final String AI_ACT = "eu-ai-act-art73";
    public static final String GDPR = "gdpr-art33";
    public static final String HIPAA = "hipaa-breach";
    public static final String NIS2 = "nis2";

    /** Each regime's stages, in the order the law has them. */
    public static final Map<String, List<String>> STAGES = Map.of(
            AI_ACT, List.of("INITIAL", "COMPLETE"),
            GDPR, List.of("NOTIFICATION", "SUPPLEMENT"),
            HIPAA, List.of("NOTIFICATION"),
            NIS2, List.of("EARLY_WARNING", "NOTIFICATION", "FINAL"));

    private ReportStages() {
    }

    /** The clocks a stage answers, its own first; none for GDPR's further information. */
    public static List<String> clocks(String regime, String stage) {
        return switch (regime + "/" + stage) {
            case AI_ACT + "/INITIAL", AI_ACT + "/COMPLETE" -> List.of("eu-ai-act-art73");
            case GDPR + "/NOTIFICATION" -> List.of("gdpr-art33");
            case HIPAA + "/NOTIFICATION" -> List.of("hipaa-164.404", "hipaa-164.406", "hipaa-164.408");
            case NIS2 + "/EARLY_WARNING" -> List.of("nis2-art23-early-warning");
            case NIS2 + "/NOTIFICATION" -> List.of("nis2-art23-notification");
            case NIS2 + "/FINAL" -> List.of("nis2-art23-final-report");
            default -> List.of();
        };
    }
}
