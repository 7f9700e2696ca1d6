package dev.aiim.notification.domain;

import java.util.List;
import java.util.Optional;

/**
 * Who is paged, and in what order: level 1 first; when nobody acknowledges within the level's timeout,
 * the next level; after the last level the policy starts again from level 1, {@code repeat} more times.
 * A step counts levels across rounds (step 0 is level 1 of round 1).
 */
public record EscalationPolicy(String id, String name, List<Level> levels, int repeat) {

    public enum TargetKind { SCHEDULE, PERSON }

    /** A schedule (whoever is on call at the time) or a named person. */
    public record Target(TargetKind kind, String id) {
    }

    public record Level(List<Target> targets, int ackTimeoutMinutes) {
        public Level {
            targets = List.copyOf(targets);
        }
    }

    /** One step of the escalation: which level (0-based), in which round. */
    public record Step(int index, int level, int round, Level definition) {
    }

    public static final int MAX_REPEAT = 10;

    public EscalationPolicy {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("an escalation policy needs at least one level");
        }
        if (repeat < 0 || repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("repeat must be 0 to " + MAX_REPEAT);
        }
    }

    /** The step at {@code index}, or empty once every level of every round has been paged. */
    public Optional<Step> step(int index) {
        if (index < 0 || index >= levels.size() * (repeat + 1)) {
            return Optional.empty();
        }
        int level = index % levels.size();
        return Optional.of(new Step(index, level, index / levels.size(), levels.get(level)));
    }
}
