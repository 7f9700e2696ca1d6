package dev.aiim.detection.repository;

import dev.aiim.detection.domain.monitor.PredictionRecord;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored batches of predictions in a compact binary form, written once per batch and read back by every
 * evaluation of a window that covers it. Binary, not JSON: the profile of the monitor benchmark showed
 * formatting and parsing decimal numbers as the largest single cost of both intake and evaluation.
 *
 * <p>Layout (big-endian; strings as a length and UTF-8 bytes): version byte; the batch's distinct strings (feature
 * and group names, categories, classes, decisions, labels, model versions) once each; then per record its
 * id, epoch milliseconds, a presence bitmask, the optional fields (strings as table indexes), its features
 * (name index, kind, number or string index) and its groups (name and value indexes). Ids are unique per
 * record and are written inline.
 */
final class PredictionCodec {

    private static final byte VERSION = 1;
    private static final int MODEL = 1;
    private static final int PREDICTION = 1 << 1;
    private static final int SCORE = 1 << 2;
    private static final int DECISION = 1 << 3;
    private static final int LATENCY = 1 << 4;
    private static final int ERROR = 1 << 5;
    private static final int LABEL = 1 << 6;
    private static final byte NULL_VALUE = 0;
    private static final byte NUMBER_VALUE = 1;
    private static final byte TEXT_VALUE = 2;

    private PredictionCodec() {
    }

    static byte[] write(List<PredictionRecord> records) {
        Map<String, Integer> table = new HashMap<>();
        List<String> strings = new ArrayList<>();
        Writer out = new Writer(records.size() * 256);
        out.putInt(records.size());
        for (PredictionRecord r : records) {
            out.putString(r.id());
            out.putLong(r.timestamp().toEpochMilli());
            int flags = (r.modelVersion() != null ? MODEL : 0) | (r.prediction() != null ? PREDICTION : 0)
                    | (r.score() != null ? SCORE : 0) | (r.decision() != null ? DECISION : 0)
                    | (r.latencyMs() != null ? LATENCY : 0) | (r.error() ? ERROR : 0) | (r.label() != null ? LABEL : 0);
            out.putByte(flags);
            if (r.modelVersion() != null) {
                out.putInt(index(r.modelVersion(), table, strings));
            }
            if (r.prediction() != null) {
                out.putInt(index(r.prediction(), table, strings));
            }
            if (r.score() != null) {
                out.putDouble(r.score());
            }
            if (r.decision() != null) {
                out.putInt(index(r.decision(), table, strings));
            }
            if (r.latencyMs() != null) {
                out.putDouble(r.latencyMs());
            }
            if (r.label() != null) {
                out.putInt(index(r.label(), table, strings));
            }
            out.putInt(r.features().size());
            for (Map.Entry<String, Object> f : r.features().entrySet()) {
                out.putInt(index(f.getKey(), table, strings));
                Object v = f.getValue();
                if (v == null) {
                    out.putByte(NULL_VALUE);
                } else if (v instanceof Number n) {
                    out.putByte(NUMBER_VALUE);
                    out.putDouble(n.doubleValue());
                } else {
                    out.putByte(TEXT_VALUE);
                    out.putInt(index(String.valueOf(v), table, strings));
                }
            }
            out.putInt(r.groups().size());
            for (Map.Entry<String, String> g : r.groups().entrySet()) {
                out.putInt(index(g.getKey(), table, strings));
                out.putInt(index(g.getValue(), table, strings));
            }
        }
        // The string table goes first so a reader can resolve indexes as it meets them.
        Writer whole = new Writer(out.size() + strings.size() * 16 + 8);
        whole.putByte(VERSION);
        whole.putInt(strings.size());
        strings.forEach(whole::putString);
        whole.putBytes(out);
        return whole.toArray();
    }

    static List<PredictionRecord> read(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalStateException("A stored prediction batch has format version " + version
                        + "; this service reads version " + VERSION);
            }
            String[] strings = new String[in.getInt()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = string(in);
            }
            int count = in.getInt();
            List<PredictionRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = string(in);
                Instant timestamp = Instant.ofEpochMilli(in.getLong());
                int flags = in.get();
                String model = (flags & MODEL) != 0 ? strings[in.getInt()] : null;
                String prediction = (flags & PREDICTION) != 0 ? strings[in.getInt()] : null;
                Double score = (flags & SCORE) != 0 ? in.getDouble() : null;
                String decision = (flags & DECISION) != 0 ? strings[in.getInt()] : null;
                Double latency = (flags & LATENCY) != 0 ? in.getDouble() : null;
                String label = (flags & LABEL) != 0 ? strings[in.getInt()] : null;
                int featureCount = in.getInt();
                Map<String, Object> features = new HashMap<>(featureCount * 2);
                for (int f = 0; f < featureCount; f++) {
                    String name = strings[in.getInt()];
                    byte kind = in.get();
                    features.put(name, kind == NUMBER_VALUE ? (Object) in.getDouble()
                            : kind == TEXT_VALUE ? strings[in.getInt()] : null);
                }
                int groupCount = in.getInt();
                Map<String, String> groups = groupCount == 0 ? Map.of() : new HashMap<>(groupCount * 2);
                for (int g = 0; g < groupCount; g++) {
                    groups.put(strings[in.getInt()], strings[in.getInt()]);
                }
                records.add(new PredictionRecord(id, timestamp, model, prediction, score, decision, features, groups,
                        latency, (flags & ERROR) != 0, label));
            }
            return records;
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("A stored prediction batch is cut short or damaged", e);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static int index(String value, Map<String, Integer> table, List<String> strings) {
        Integer known = table.get(value);
        if (known != null) {
            return known;
        }
        table.put(value, strings.size());
        strings.add(value);
        return strings.size() - 1;
    }

    /** A growable big-endian buffer (the JDK's stream classes synchronise on every byte). */
    private static final class Writer {
        private ByteBuffer buffer;

        Writer(int capacity) {
            buffer = ByteBuffer.allocate(Math.max(64, capacity));
        }

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void putByte(int value) {
            room(1);
            buffer.put((byte) value);
        }

        void putInt(int value) {
            room(4);
            buffer.putInt(value);
        }

        void putLong(long value) {
            room(8);
            buffer.putLong(value);
        }

        void putDouble(double value) {
            room(8);
            buffer.putDouble(value);
        }

        void putString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            room(4 + bytes.length);
            buffer.putInt(bytes.length);
            buffer.put(bytes);
        }

        void putBytes(Writer other) {
            room(other.size());
            buffer.put(other.buffer.array(), 0, other.size());
        }

        int size() {
            return buffer.position();
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
