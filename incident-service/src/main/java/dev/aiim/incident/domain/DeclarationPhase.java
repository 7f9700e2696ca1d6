package dev.aiim.incident.domain;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.Nullable;
import dev.aiim.contracts.ReportedTimes;
import dev.aiim.contracts.aisystem.RegistryFacts;
import dev.aiim.incident.domain.IncidentCommand.AttachSignal;
import dev.aiim.incident.domain.IncidentCommand.DeclareIncident;
import dev.aiim.incident.domain.IncidentEvent.IncidentOpened;
import dev.aiim.incident.domain.IncidentEvent.SignalAttached;
import dev.aiim.incident.domain.IncidentEvent.SignalsCounted;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.aiim.contracts.IncidentStatus.DETECTED;
import static dev.aiim.incident.domain.IncidentRules.notInFuture;
import static dev.aiim.incident.domain.IncidentRules.requireResponder;
import static dev.aiim.incident.domain.IncidentRules.required;

/** Declaring an incident, by a person or from a detection, and attaching further signals to it. */
final class DeclarationPhase {

    private static final Set<DetectionSource> PEOPLES_SOURCES =
            EnumSet.of(DetectionSource.MANUAL, DetectionSource.STAKEHOLDER_REPORT);

    private DeclarationPhase() {
    }

    static List<IncidentEvent> declare(@Nullable Incident state, DeclareIncident c, CommandContext ctx) {
        if (state != null) {
            throw IncidentRefusal.illegalTransition("Incident " + state.id() + " already exists");
        }
        requireResponder(null, ctx, "declare an incident");
        required("title", c.title());
        if (c.category() == null) {
            throw IncidentRefusal.invalid("category", "must not be null");
        }
        Instant detectedAt = c.detectedAt() == null ? ctx.now() : c.detectedAt();
        notInFuture("detectedAt", detectedAt, ctx);
        if (c.detectionId() == null) {
            declaredByAPerson(c, detectedAt, ctx);
        }
        if (c.occurredAt() != null && c.occurredAt().isAfter(detectedAt)) {
            throw IncidentRefusal.invalid("occurredAt", "must not be after detectedAt (" + detectedAt + ")");
        }
        return List.of(new IncidentOpened(c.title().strip(), c.description(), c.category(), c.systemId(), c.source(),
                c.severity(), c.occurredAt(), detectedAt, c.correlationKey(), c.detectionId(), c.simulation(),
                ctx.actor(), c.evidence() == null || c.evidence().isEmpty() ? null : c.evidence(),
                registryOf(c.systemId(), ctx)));
    }

    /**
     * A person's declaration: its times within the bounds on reported times (they set the incident's time to
     * detect), and a source that people declare, never one of the platform's machines.
     */
    private static void declaredByAPerson(DeclareIncident c, Instant detectedAt, CommandContext ctx) {
        if (!PEOPLES_SOURCES.contains(c.source())) {
            throw IncidentRefusal.invalid("source", "must be MANUAL or STAKEHOLDER_REPORT for an incident a person"
                    + " declares; MONITOR and ALERT are the platform's own detections");
        }
        reportedTime("detectedAt", detectedAt, ctx);
        if (c.occurredAt() != null) {
            reportedTime("occurredAt", c.occurredAt(), ctx);
        }
    }

    private static void reportedTime(String field, Instant at, CommandContext ctx) {
        String problem = ReportedTimes.problem(at, ctx.now());
        if (problem != null) {
            throw IncidentRefusal.invalid(field, problem);
        }
    }

    static List<IncidentEvent> attachSignal(Incident s, AttachSignal c, CommandContext ctx) {
        ResponseAction.ATTACH_SIGNAL.check(s, ctx);
        required("detectionId", c.detectionId());
        if (s.signals().stream().anyMatch(signal -> signal.detectionId().equals(c.detectionId()))) {
            throw IncidentRefusal.rule("Detection " + c.detectionId() + " is already a signal of this incident");
        }
        if (s.signals().size() >= Incident.ATTACHED_SIGNALS && countable(c.source())) {
            return List.of(new SignalsCounted(1, List.of(c.source()), c.correlationKey(), c.detectedAt(),
                    c.detectedAt(), c.detectionId(), c.summary()));
        }
        return List.of(new SignalAttached(c.detectionId(), c.source(), c.summary(), c.correlationKey(), c.detectedAt(),
                c.suggestedSeverity(), c.evidence() == null || c.evidence().isEmpty() ? null : c.evidence()));
    }

    /** The machines' detections may be counted once an incident has enough attached; a person's report never is. */
    private static boolean countable(DetectionSource source) {
        return source == DetectionSource.MONITOR || source == DetectionSource.ALERT;
    }

    /** The registry's facts of the named system, as the service found them when the command came. */
    static @Nullable RegistryFacts registryOf(@Nullable String systemId, CommandContext ctx) {
        return systemId != null && ctx.registry() != null && systemId.equals(ctx.registry().systemId())
                ? ctx.registry() : null;
    }

    static void onIncidentOpened(Incident.Builder b, IncidentOpened e) {
        b.title = e.title();
        b.description = e.description();
        b.category = e.category();
        b.systemId = e.systemId();
        b.registryAtOpen = e.registry();
        b.source = e.source();
        b.simulation = e.simulation();
        b.correlationKey = e.correlationKey();
        if (e.detectionId() != null) {
            b.signals.add(new Incident.Signal(e.detectionId(), e.source(), e.title(), e.correlationKey(),
                    e.detectedAt(), e.suggestedSeverity(), e.evidence()));
        }
        b.status = DETECTED;
        b.severity = e.suggestedSeverity();
        b.suggestedSeverity = e.suggestedSeverity();
        b.occurredAt = e.occurredAt();
        b.detectedAt = e.detectedAt();
        b.openedBy = e.openedBy();
    }

    static void onSignalAttached(Incident.Builder b, SignalAttached e) {
        b.signals.add(new Incident.Signal(e.detectionId(), e.source(), e.summary(), e.correlationKey(),
                e.detectedAt(), e.suggestedSeverity(), e.evidence()));
    }

    static void onSignalsCounted(Incident.Builder b, SignalsCounted e) {
        b.signalsCounted += e.count();
    }
}
