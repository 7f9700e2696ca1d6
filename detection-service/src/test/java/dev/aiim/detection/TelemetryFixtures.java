package dev.aiim.detection;

import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.aisystem.AiSystem;
import dev.aiim.contracts.aisystem.RiskTier;
import dev.aiim.detection.domain.monitor.PredictionRecord;
import dev.aiim.detection.service.AiSystemRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.aiim.detection.IntakeFixtures.await;

/** Registered systems and telemetry bodies for the telemetry and monitor tests. */
public final class TelemetryFixtures {

    private TelemetryFixtures() {
    }

    static String system(AiSystemRegistry registry, RiskTier tier) {
        String id = "credit-" + UUID.randomUUID().toString().substring(0, 8);
        await(() -> registry.register(new AiSystem(id, "Credit scoring " + id, null, "risk-ml", null, tier, "credit-v7",
                List.of("credit-v6"), List.of("financial"), List.of("EU"), null, 1), "test-admin"));
        return id;
    }

    /**
     * The records as {@code POST /predictions} takes them, ids prefixed with {@code tag} (two scenarios in
     * one system must not share ids), labels inline when {@code withLabels}.
     */
    public static String predictions(List<PredictionRecord> records, String tag, boolean withLabels) {
        List<Map<String, Object>> out = new ArrayList<>(records.size());
        for (PredictionRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", tag + r.id());
            m.put("timestamp", r.timestamp().toString());
            m.put("modelVersion", r.modelVersion());
            m.put("prediction", r.prediction());
            m.put("score", r.score());
            m.put("decision", r.decision());
            m.put("features", r.features());
            m.put("groups", r.groups());
            m.put("latencyMs", r.latencyMs());
            m.put("error", r.error());
            if (withLabels) {
                m.put("label", r.label());
            }
            out.add(m);
        }
        return EventJson.write(Map.of("records", out));
    }
}
