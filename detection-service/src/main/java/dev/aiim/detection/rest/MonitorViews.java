package dev.aiim.detection.rest;

import dev.aiim.contracts.Nullable;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.repository.TelemetryRepository;
import dev.aiim.detection.service.MonitorEvaluation;
import dev.aiim.detection.service.MonitorStatus;
import dev.aiim.detection.service.References;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the monitor API answers: a system's monitor states, one evaluation, the recorded checks and the
 * reference, as records of the API's own, so neither a service's types nor a table's row reach the client.
 */
final class MonitorViews {

    private MonitorViews() {
    }

    /** One monitor's state: RAISED, RECOVERING, BREACHING, OK or INSUFFICIENT_DATA, with its evidence. */
    record MonitorStateView(String key, String monitor, String subject, String state, String verdict, String metric,
                            @Nullable Double value, @Nullable Double threshold, Map<String, Object> evidence,
                            int consecutiveBreaches, int consecutiveHealthy, Instant evaluatedAt, Instant since,
                            @Nullable String detectionId) {

        static MonitorStateView of(MonitorStatus s) {
            return new MonitorStateView(s.key(), s.monitor(), s.subject(), s.state(), s.verdict(), s.metric(),
                    s.value(), s.threshold(), s.evidence(), s.consecutiveBreaches(), s.consecutiveHealthy(),
                    s.evaluatedAt(), s.since(), s.detectionId());
        }

        static List<MonitorStateView> all(List<MonitorStatus> states) {
            return states.stream().map(MonitorStateView::of).toList();
        }
    }

    /** What one evaluation looked at and found. */
    record EvaluationView(@Nullable Long checkId, String systemId, MonitorEvaluation.Kind kind, Instant checkedAt,
                          @Nullable Instant windowFrom, @Nullable Instant windowTo, int records, int breaches,
                          List<String> raised, List<String> resolved, List<MonitorStateView> results,
                          List<String> notes) {

        static EvaluationView of(MonitorEvaluation.Check c) {
            return new EvaluationView(c.checkId(), c.systemId(), c.kind(), c.checkedAt(), c.windowFrom(), c.windowTo(),
                    c.records(), c.breaches(), c.raised(), c.resolved(), MonitorStateView.all(c.results()), c.notes());
        }
    }

    /** A recorded check (scheduled, proactive or manual) as the history lists it. */
    record MonitorCheckView(long id, String systemId, String kind, Instant checkedAt, Instant windowFrom,
                            Instant windowTo, int records, int breaches, int raised, int cleared, Object results) {

        static MonitorCheckView of(MonitorRepository.Check c) {
            return new MonitorCheckView(c.id(), c.systemId(), c.kind(), c.checkedAt(), c.windowFrom(), c.windowTo(),
                    c.records(), c.breaches(), c.raised(), c.cleared(), c.results());
        }
    }

    /** The reference the drift and performance monitors compare with. */
    record ReferenceView(String systemId, long version, String source, @Nullable Instant from, @Nullable Instant to,
                         int records, int labelled, List<String> features, Instant setAt, String setBy,
                         List<String> warnings) {

        static ReferenceView of(References.View r) {
            return new ReferenceView(r.systemId(), r.version(), r.source(), r.from(), r.to(), r.records(),
                    r.labelled(), r.features(), r.setAt(), r.setBy(), r.warnings());
        }
    }

    /** A window of telemetry an incident holds as evidence; {@code keptUntil} null while the incident is open. */
    record EvidenceHoldView(String incidentId, String detectionId, String systemId, Instant from, Instant to,
                            @Nullable Long referenceVersion, String incidentStatus, @Nullable Instant keptUntil) {

        static EvidenceHoldView of(TelemetryRepository.EvidenceHold h) {
            return new EvidenceHoldView(h.incidentId(), h.detectionId(), h.systemId(), h.from(), h.to(),
                    h.referenceVersion(), h.incidentStatus(), h.keptUntil());
        }
    }

    /** Every monitor's state of a system, with its reference and its proactive checks. */
    record SystemStatusView(String systemId, String riskTier, @Nullable Instant evaluatedAt,
                            List<MonitorStateView> monitors, List<MonitorStateView> proactive,
                            @Nullable ReferenceView reference, @Nullable MonitorCheckView lastProactiveCheck,
                            @Nullable Instant nextProactiveCheckAt, List<String> notes) {

        static SystemStatusView of(MonitorEvaluation.SystemStatus s) {
            return new SystemStatusView(s.systemId(), s.riskTier(), s.evaluatedAt(), MonitorStateView.all(s.monitors()),
                    MonitorStateView.all(s.proactive()), s.reference() == null ? null : ReferenceView.of(s.reference()),
                    s.lastProactiveCheck() == null ? null : MonitorCheckView.of(s.lastProactiveCheck()),
                    s.nextProactiveCheckAt(), s.notes());
        }
    }
}
