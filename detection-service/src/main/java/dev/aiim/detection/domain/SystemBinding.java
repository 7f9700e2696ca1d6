package dev.aiim.detection.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which AI system an alert may speak for. An integration bound to a system speaks for that system only: an alert
 * naming another one is refused ({@link Violation}). An integration without a system (a shared Alertmanager) may
 * name any registered system; a name the registry does not know is never invented into a system: the alert is
 * kept without one (correlated by its integration) and the name it gave stays in its evidence.
 */
public final class SystemBinding {

    /** The evidence entry that keeps a name the registry did not know. */
    public static final String UNREGISTERED_SYSTEM = "unregisteredSystem";

    /** An alert named a system its integration may not speak for. */
    public static final class Violation extends RuntimeException {
        public Violation(String message) {
            super(message);
        }
    }

    private SystemBinding() {
    }

    /** The systems the alerts name themselves (by the integration's system label). */
    public static Set<String> named(Integration integration, List<InboundAlert> alerts) {
        Set<String> named = new LinkedHashSet<>();
        for (InboundAlert alert : alerts) {
            String name = integration.rules().system(alert.labels(), null);
            if (name != null) {
                named.add(name);
            }
        }
        return named;
    }

    /**
     * Checks, without the registry, that a bound integration's alerts name no other system.
     *
     * @throws Violation when one does
     */
    public static void check(Integration integration, List<InboundAlert> alerts) {
        if (integration.systemId() == null) {
            return;
        }
        for (int i = 0; i < alerts.size(); i++) {
            String name = integration.rules().system(alerts.get(i).labels(), null);
            if (name != null && !integration.systemId().equals(name)) {
                throw new Violation("Integration " + integration.id() + " speaks for AI system '"
                        + integration.systemId() + "' only; alert " + i + " names '" + name + "' (label "
                        + integration.rules().systemLabel() + ")");
            }
        }
    }

    /**
     * The alerts as they may be raised, given the systems among {@link #named} that are {@code registered}.
     *
     * @throws Violation when a bound integration's alert names another system
     */
    public static List<InboundAlert> apply(Integration integration, List<InboundAlert> alerts, Set<String> registered) {
        check(integration, alerts);
        String label = integration.rules().systemLabel();
        List<InboundAlert> checked = new ArrayList<>(alerts.size());
        for (InboundAlert alert : alerts) {
            String name = integration.rules().system(alert.labels(), null);
            // a bound integration's alerts name its own system (check refused any other) or none
            boolean keep = name == null || integration.systemId() != null || registered.contains(name);
            checked.add(keep ? alert : withoutSystem(alert, label, name));
        }
        return checked;
    }

    private static InboundAlert withoutSystem(InboundAlert alert, String label, String name) {
        Map<String, String> labels = new LinkedHashMap<>(alert.labels());
        labels.remove(label);
        Map<String, Object> evidence = new LinkedHashMap<>(alert.evidence());
        evidence.put(UNREGISTERED_SYSTEM, name);
        return new InboundAlert(alert.dedupKey(), alert.firing(), alert.summary(), labels, alert.startedAt(),
                alert.endedAt(), evidence, alert.senderGroup(), alert.firingStart());
    }
}
