package dev.aiim.incident.domain;

import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.contracts.incident.ContainmentType;
import dev.aiim.contracts.incident.EvidencePreserved;
import dev.aiim.incident.domain.IncidentCommand.DeclareContainment;
import dev.aiim.incident.domain.IncidentCommand.RecordContainmentAction;
import dev.aiim.incident.domain.IncidentEvent.ContainmentActionRecorded;
import dev.aiim.incident.domain.IncidentEvent.IncidentContained;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.aiim.contracts.IncidentStatus.CONTAINED;
import static dev.aiim.incident.domain.IncidentRules.required;

/** Containment: the actions that stop the harm (the on-call engineer may take them at once), and the
 * commander's declaration that one of them did. */
final class ContainmentPhase {

    private ContainmentPhase() {
    }

    static List<IncidentEvent> containmentAction(Incident s, RecordContainmentAction c, CommandContext ctx) {
        ResponseAction.RECORD_CONTAINMENT_ACTION.check(s, ctx);
        if (c.type() == null) {
            throw IncidentRefusal.invalid("type", "must be one of " + Arrays.toString(ContainmentType.values()));
        }
        required("description", c.description());
        if (c.type() == ContainmentType.ROLLBACK) {
            required("targetModelVersion", c.targetModelVersion(), "a ROLLBACK names the known-good model version");
        }
        if (c.type() == ContainmentType.DEGRADE && c.fallback() == null) {
            throw IncidentRefusal.invalid("fallback", "a DEGRADE names its fallback: "
                    + Arrays.toString(FallbackKind.values()));
        }
        if (c.type() == ContainmentType.REDUCE_SCOPE) {
            required("scope", c.scope(), "a REDUCE_SCOPE says which inputs or users are excluded");
        }
        for (String link : c.evidenceLinks()) {
            if (!webLink(link)) {
                throw IncidentRefusal.invalid("evidenceLinks", "each must be an http or https URL; not " + link);
            }
        }
        // an action that changes the model version keeps what the registry said of the system at that moment
        RegistryFacts registry = DeclarationPhase.registryOf(s.systemId(), ctx);
        EvidencePreserved preserved = c.altersTheSystem() ? preserved(s, registry, c.evidenceLinks())
                : c.evidenceLinks().isEmpty() ? null : new EvidencePreserved(null, List.of(), c.evidenceLinks());
        return List.of(new ContainmentActionRecorded(ctx.newId(), c.type(), c.description(), c.targetModelVersion(),
                c.fallback(), c.scope(), c.effective(), ctx.now(), ctx.actor(), c.targetModelVersion() == null ? null
                : registry, preserved));
    }

    /**
     * What a ROLLBACK or DISABLE keeps before it alters the system (EU AI Act Art. 73(6)): the model version live when
     * it was taken (the registry's, else the one the incident opened on), the telemetry windows that raised the
     * incident's monitor detections with the reference version each was judged against (detection-service holds those
     * records from retention while the incident needs them), and the responder's links.
     */
    static EvidencePreserved preserved(Incident s, @Nullable RegistryFacts registry, List<String> links) {
        String version = registry != null ? registry.modelVersion()
                : s.registryAtOpen() == null ? null : s.registryAtOpen().modelVersion();
        List<EvidencePreserved.TelemetryWindow> windows = new ArrayList<>();
        for (Incident.Signal signal : s.signals()) {
            if (signal.evidence().get("window") instanceof Map<?, ?> window) {
                Object reference = signal.evidence().get("reference") instanceof Map<?, ?> r ? r.get("version") : null;
                try {
                    windows.add(new EvidencePreserved.TelemetryWindow(signal.detectionId(), s.systemId(),
                            Instant.parse(String.valueOf(window.get("from"))),
                            Instant.parse(String.valueOf(window.get("to"))),
                            reference instanceof Number n ? n.longValue() : null));
                } catch (DateTimeParseException noWindow) {
                    // a window with no records (nothing could be judged) holds nothing
                }
            }
        }
        return new EvidencePreserved(version, windows, links);
    }

    private static boolean webLink(String link) {
        try {
            URI uri = new URI(link);
            return uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme())
                    || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static List<IncidentEvent> declareContainment(Incident s, DeclareContainment c, CommandContext ctx) {
        ResponseAction.DECLARE_CONTAINMENT.check(s, ctx);
        required("summary", c.summary());
        if (!s.effectiveContainment()) {
            throw IncidentRefusal.rule("Containment needs at least one containment action that stopped the harm;"
                    + " record one with \"effective\": true first");
        }
        return List.of(new IncidentContained(c.summary(), ctx.now(), ctx.actor()));
    }

    static void onContainmentActionRecorded(Incident.Builder b, ContainmentActionRecorded e) {
        b.containmentActions.add(new Incident.ContainmentAction(e.actionId(), e.type(), e.description(),
                e.targetModelVersion(), e.fallback(), e.scope(), e.effective(), e.takenAt(), e.takenBy(),
                e.preserved()));
        b.effectiveContainment |= e.effective();
    }

    static void onIncidentContained(Incident.Builder b, IncidentContained e) {
        b.status = CONTAINED;
        b.containedAt = e.containedAt();
        b.containmentSummary = e.summary();
    }
}
