package dev.aiim.detection;

import dev.aiim.contracts.MessageTypes;
import dev.aiim.contracts.Topics;
import dev.aiim.contracts.alert.AlertReceived;
import dev.aiim.detection.domain.IntegrationType;
import dev.aiim.detection.service.AlertDeduplicator;
import dev.aiim.detection.service.Integrations;
import dev.aiim.platform.testing.ConsumerContractTests;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The alert log's consumer keeps every consumer's promises against the real broker and PostgreSQL: an alert on
 * {@code aiim.alerts.v1} delivered twice is deduplicated once, one it cannot read is parked with the reason, and
 * one that arrives while the database is away is held and applied once it is back.
 */
@QuarkusTest
class AlertLogConsumerTest extends ConsumerContractTests {

    @Inject
    Integrations integrations;

    private String integrationId;

    AlertLogConsumerTest() {
        super(Topics.ALERTS, "detection-service", AlertDeduplicator.CONSUMER);
    }

    private String integrationId() {
        if (integrationId == null) {
            integrationId = IntakeFixtures.integration(integrations, IntegrationType.ALERTMANAGER, null).integration()
                    .id();
        }
        return integrationId;
    }

    @Override
    protected Sample sample(String uniqueId) {
        Instant now = Instant.now();
        AlertReceived alert = new AlertReceived("alert-" + uniqueId, "request-" + uniqueId, integrationId(),
                "fp-" + uniqueId, true, "Approval rate gap " + uniqueId, Map.of("category", "fairness"),
                now.minusSeconds(60), null, now.minusSeconds(60), Map.of("source", "contract test"), null, now, null,
                null);
        return new Sample(MessageTypes.ALERT_RECEIVED, integrationId() + ":shared-partition", alert);
    }

    @Override
    protected long storedEffects(String uniqueId) {
        return countRows("select count(*) from raised_detection where dedup_key like :id", "%:fp-" + uniqueId);
    }
}
