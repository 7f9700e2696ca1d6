package dev.aiim.detection.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.aiim.detection.domain.monitor.PredictionRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stored batches of predictions: compact JSON (one-letter keys, epoch milliseconds), written once per
 * batch and read back by every evaluation of a window that covers it. A mapper of its own, so the
 * stored form never follows the REST mapper's settings.
 */
final class PredictionCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<Stored>> LIST = new TypeReference<>() {
    };

    /** id, time (epoch ms), model version, prediction, score, decision, features, groups, latency, error, label. */
    record Stored(String i, long t, String v, String p, Double s, String d, Map<String, Object> f,
                  Map<String, String> g, Double l, boolean e, String y) {
    }

    private PredictionCodec() {
    }

    static byte[] write(List<PredictionRecord> records) {
        List<Stored> stored = new ArrayList<>(records.size());
        for (PredictionRecord r : records) {
            stored.add(new Stored(r.id(), r.timestamp().toEpochMilli(), r.modelVersion(), r.prediction(), r.score(),
                    r.decision(), r.features(), r.groups(), r.latencyMs(), r.error(), r.label()));
        }
        try {
            return MAPPER.writeValueAsBytes(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PredictionRecord> read(byte[] body) {
        List<Stored> stored;
        try {
            stored = MAPPER.readValue(body, LIST);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored prediction batch does not parse", e);
        }
        List<PredictionRecord> records = new ArrayList<>(stored.size());
        for (Stored s : stored) {
            records.add(new PredictionRecord(s.i(), Instant.ofEpochMilli(s.t()), s.v(), s.p(), s.s(), s.d(),
                    s.f() == null ? Map.of() : s.f(), s.g() == null ? Map.of() : s.g(), s.l(), s.e(), s.y()));
        }
        return records;
    }
}
