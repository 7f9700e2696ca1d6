package dev.aiim.detection.domain.monitor;

/**
 * When a monitor's verdicts become an alert: raise after {@code raiseAfter} consecutive breaching
 * windows, clear after {@code clearAfter} consecutive healthy ones; a window without enough data
 * changes nothing. Immutable: each verdict gives the next state.
 */
public record Hysteresis(int raiseAfter, int clearAfter, boolean raised, int breaches, int healthy) {

    public enum Verdict {
        BREACH, HEALTHY, INSUFFICIENT_DATA
    }

    /** What a transition means for the outside world. */
    public enum Change {
        RAISED, CLEARED, NONE
    }

    public Hysteresis {
        if (raiseAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("raise-after and clear-after are at least 1");
        }
    }

    public static Hysteresis initial(int raiseAfter, int clearAfter) {
        return new Hysteresis(raiseAfter, clearAfter, false, 0, 0);
    }

    public Hysteresis next(Verdict verdict) {
        return switch (verdict) {
            case INSUFFICIENT_DATA -> this;
            case BREACH -> {
                int b = breaches + 1;
                yield new Hysteresis(raiseAfter, clearAfter, raised || b >= raiseAfter, b, 0);
            }
            case HEALTHY -> {
                int h = healthy + 1;
                yield new Hysteresis(raiseAfter, clearAfter, raised && h < clearAfter, 0, h);
            }
        };
    }

    /** The change from {@code before} to this state. */
    public Change changeFrom(Hysteresis before) {
        if (raised && !before.raised) {
            return Change.RAISED;
        }
        return !raised && before.raised ? Change.CLEARED : Change.NONE;
    }
}
