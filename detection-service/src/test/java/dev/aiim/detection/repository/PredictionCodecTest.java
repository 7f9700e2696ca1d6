package dev.aiim.detection.repository;

import dev.aiim.detection.domain.monitor.PredictionRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionCodecTest {

    @Test
    void a_batch_reads_back_as_it_was_written() {
        Map<String, Object> features = new HashMap<>();
        features.put("income", 52000.5);
        features.put("region", "Åland");
        features.put("employer", null);
        PredictionRecord full = new PredictionRecord("p-ü-1", Instant.parse("2026-11-26T09:30:00.123Z"), "v7", "1", 0.91,
                "approved", features, Map.of("age_band", "60+", "sex", "F"), 41.5, true, "0");
        PredictionRecord bare = new PredictionRecord("p-2", Instant.parse("2026-11-26T09:30:01Z"), null, null, 0.2, null,
                Map.of(), Map.of(), null, false, null);
        List<PredictionRecord> back = PredictionCodec.read(PredictionCodec.write(List.of(full, bare)));
        assertThat(back).containsExactly(full, bare);
    }

    @Test
    void a_damaged_batch_is_refused_with_a_reason() {
        byte[] stored = PredictionCodec.write(List.of(new PredictionRecord("p", Instant.EPOCH, null, "1", null, null,
                Map.of("x", 1.0), Map.of(), null, false, null)));
        assertThatThrownBy(() -> PredictionCodec.read(Arrays.copyOf(stored, stored.length - 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cut short");
        stored[0] = 9;
        assertThatThrownBy(() -> PredictionCodec.read(stored)).hasMessageContaining("format version 9");
    }
}
