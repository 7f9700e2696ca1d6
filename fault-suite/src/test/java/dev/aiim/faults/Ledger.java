package dev.aiim.faults;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a fault's load was told: every item the platform accepted (an alert answered 202 with its detection id,
 * a command answered 200, ...) with where it must end up, and a tally of every other answer. Reconciliation then
 * looks for each accepted item exactly once where it belongs. A 503 is the platform's honest "not now, retry"
 * and accepts nothing; any other 5xx is a failure of the platform.
 */
final class Ledger {

    private final ConcurrentMap<String, String> accepted = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger unanswered = new AtomicInteger();

    /** An item the platform accepted: {@code id} must end up once in {@code place} (an incident, a stream...). */
    void accepted(String id, String place) {
        if (accepted.putIfAbsent(id, place) != null) {
            throw new IllegalStateException("the platform accepted " + id + " twice under the same id");
        }
    }

    /** The answer to one request (accepted or not). */
    void answered(int status) {
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** A request that got no HTTP answer (connection refused or reset: the service was away). */
    void unanswered() {
        unanswered.incrementAndGet();
    }

    /** accepted id -> the place it must be found in */
    Map<String, String> accepted() {
        return Map.copyOf(accepted);
    }

    Set<String> acceptedIn(String place) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        accepted.forEach((id, where) -> {
            if (where.equals(place)) {
                ids.add(id);
            }
        });
        return ids;
    }

    int count(int status) {
        AtomicInteger n = answers.get(status);
        return n == null ? 0 : n.get();
    }

    /** Answers 500-599 other than 503: the platform failed a request it should have answered or refused. */
    int serverErrors() {
        return answers.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                .mapToInt(e -> e.getValue().get()).sum();
    }

    int requests() {
        return answers.values().stream().mapToInt(AtomicInteger::get).sum() + unanswered.get();
    }

    /** "1,204 requests: 202 x 1,180, 503 x 20, no answer x 4" */
    String tally() {
        StringBuilder text = new StringBuilder(String.format("%,d requests:", requests()));
        new TreeMap<>(answers).forEach((status, n) -> text.append(String.format(" %d x %,d,", status, n.get())));
        if (unanswered.get() > 0) {
            text.append(String.format(" no answer x %,d,", unanswered.get()));
        }
        return text.substring(0, text.length() - 1);
    }
}
