package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's two shorter stories: a model whose outputs drift after a retraining, and a data-quality break
 * upstream. Each is detected by its monitor, opens an incident, is triaged and contained.
 */
public final class ModelFaultStory extends Story {

    /** Which of the two stories. */
    public enum Kind {
        OUTPUT_DRIFT("OUTPUT_DRIFT", CreditDecisions.Fault.OUTPUT_SHIFT, "Mortgage pre-approval",
                "a retrained model scores every applicant lower"),
        DATA_QUALITY("DATA_QUALITY", CreditDecisions.Fault.INCOME_MISSING, "Credit-limit review",
                "an upstream join breaks and income arrives empty");

        final String monitor;
        final CreditDecisions.Fault fault;
        final String systemName;
        final String whatGoesWrong;

        Kind(String monitor, CreditDecisions.Fault fault, String systemName, String whatGoesWrong) {
            this.monitor = monitor;
            this.fault = fault;
            this.systemName = systemName;
            this.whatGoesWrong = whatGoesWrong;
        }
    }

    private final Kind kind;

    public ModelFaultStory(PlatformClient api, Consumer<String> narrator, String run, Kind kind) {
        super(api, narrator, run, kind.name().toLowerCase().replace('_', '-') + "-" + run, kind.ordinal() + 17);
        this.kind = kind;
    }

    /** The whole story: register, watch, break, detect, open, triage as SEV3, contain. Answers the incident. */
    public JsonNode tell() {
        register(Map.of("id", systemId, "name", kind.systemName + " (" + run + ")", "ownerTeam", "lending-ml",
                "riskTier", "STANDARD", "modelVersion", "2.3.0", "knownGoodVersions", List.of("2.2.1"),
                "dataCategories", List.of("PERSONAL_DATA"), "jurisdictions", List.of("EU")));
        enableMonitors(List.of(kind.monitor));
        say("Registered %s (STANDARD risk) with its %s monitor on", systemId, kind.monitor);
        streamStableDecisions();
        runWithFault(kind.fault, kind.whatGoesWrong);
        JsonNode raised = raisedBy(kind.monitor);
        say("DETECTED by the %s monitor: %s %s = %s (threshold %s)", kind.monitor, raised.path("subject").asText(),
                raised.path("metric").asText(), round(raised.path("value")), round(raised.path("threshold")));
        incident();
        JsonNode triaged = api.expect(200, "commander", "POST", incident("/triage"), Map.of("decision", "CONFIRMED",
                "severity", "SEV3", "rationale", "Degraded decisions, no one harmed yet: " + kind.whatGoesWrong));
        say("TRIAGED as %s", triaged.path("severity").asText());
        Map<String, Object> action = kind == Kind.OUTPUT_DRIFT
                ? Map.of("type", "ROLLBACK", "description", "Rolled back to 2.2.1 until the retraining is understood",
                "targetModelVersion", "2.2.1", "effective", true)
                : Map.of("type", "DEGRADE", "description", "Applications without income go to manual review",
                "fallback", "HUMAN_REVIEW", "effective", true);
        api.expect(200, "responder", "POST", incident("/containment-actions"), action);
        JsonNode contained = api.expect(200, "commander", "POST", incident("/containment"), Map.of("summary",
                "No decision is made on the faulty path any more"));
        say("CONTAINED (%s) at %s", action.get("type"), contained.path("containedAt").asText());
        return contained;
    }
}
